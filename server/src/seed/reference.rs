//! The 36 courts of appeal (`data/cours-d-appel.csv`) and the first-instance courts
//! (tribunaux judiciaires) of each territory.

/// A court of appeal as listed in the reference file.
pub struct CourtRef {
    pub name: String,
    pub region: String,
    pub overseas: bool,
}

/// Reads the embedded reference list of the courts of appeal.
pub fn courts() -> Vec<CourtRef> {
    include_str!("../../data/cours-d-appel.csv")
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut parts = line.split(',');
            Some(CourtRef {
                name: parts.next()?.to_owned(),
                region: parts.next()?.to_owned(),
                overseas: parts.next()? == "true",
            })
        })
        .collect()
}

/// The seats of the tribunaux judiciaires of a court of appeal's territory, the court's own seat first.
pub fn tribunal_seats(court: &str) -> &'static [&'static str] {
    match court {
        "Agen" => &["Agen", "Auch", "Cahors"],
        "Aix-en-Provence" => {
            &["Aix-en-Provence", "Marseille", "Nice", "Toulon", "Grasse", "Draguignan", "Tarascon", "Digne-les-Bains"]
        }
        "Amiens" => &["Amiens", "Abbeville", "Beauvais", "Compiègne", "Laon", "Saint-Quentin", "Senlis", "Soissons"],
        "Angers" => &["Angers", "Laval", "Le Mans", "Saumur"],
        "Basse-Terre" => &["Basse-Terre", "Pointe-à-Pitre"],
        "Bastia" => &["Bastia", "Ajaccio"],
        "Besançon" => &["Besançon", "Belfort", "Lons-le-Saunier", "Montbéliard", "Vesoul"],
        "Bordeaux" => &["Bordeaux", "Angoulême", "Bergerac", "Libourne", "Périgueux"],
        "Bourges" => &["Bourges", "Châteauroux", "Nevers"],
        "Caen" => &["Caen", "Alençon", "Argentan", "Cherbourg-en-Cotentin", "Coutances", "Lisieux"],
        "Cayenne" => &["Cayenne"],
        "Chambéry" => &["Chambéry", "Albertville", "Annecy", "Bonneville", "Thonon-les-Bains"],
        "Colmar" => &["Colmar", "Mulhouse", "Saverne", "Strasbourg"],
        "Dijon" => &["Dijon", "Chalon-sur-Saône", "Chaumont", "Mâcon"],
        "Douai" => &[
            "Douai",
            "Lille",
            "Arras",
            "Avesnes-sur-Helpe",
            "Béthune",
            "Boulogne-sur-Mer",
            "Cambrai",
            "Dunkerque",
            "Saint-Omer",
            "Valenciennes",
        ],
        "Fort-de-France" => &["Fort-de-France"],
        "Grenoble" => &["Grenoble", "Bourgoin-Jallieu", "Gap", "Valence"],
        "Limoges" => &["Limoges", "Brive-la-Gaillarde", "Guéret", "Tulle"],
        "Lyon" => &["Lyon", "Bourg-en-Bresse", "Roanne", "Saint-Étienne", "Villefranche-sur-Saône"],
        "Metz" => &["Metz", "Sarreguemines", "Thionville"],
        "Montpellier" => &["Montpellier", "Béziers", "Carcassonne", "Narbonne", "Perpignan", "Rodez"],
        "Nancy" => &["Nancy", "Bar-le-Duc", "Épinal", "Val-de-Briey", "Verdun"],
        "Nîmes" => &["Nîmes", "Alès", "Avignon", "Carpentras", "Mende", "Privas"],
        "Nouméa" => &["Nouméa"],
        "Orléans" => &["Orléans", "Blois", "Montargis", "Tours"],
        "Papeete" => &["Papeete"],
        "Paris" => {
            &["Paris", "Bobigny", "Créteil", "Évry-Courcouronnes", "Meaux", "Melun", "Fontainebleau", "Auxerre", "Sens"]
        }
        "Pau" => &["Pau", "Bayonne", "Dax", "Mont-de-Marsan", "Tarbes"],
        "Poitiers" => &["Poitiers", "La Rochelle", "La Roche-sur-Yon", "Les Sables-d’Olonne", "Niort", "Saintes"],
        "Reims" => &["Reims", "Charleville-Mézières", "Châlons-en-Champagne", "Troyes"],
        "Rennes" => &[
            "Rennes",
            "Nantes",
            "Brest",
            "Lorient",
            "Quimper",
            "Saint-Brieuc",
            "Saint-Malo",
            "Saint-Nazaire",
            "Vannes",
        ],
        "Riom" => &["Clermont-Ferrand", "Aurillac", "Cusset", "Le Puy-en-Velay", "Montluçon", "Moulins"],
        "Rouen" => &["Rouen", "Dieppe", "Évreux", "Le Havre"],
        "Saint-Denis" => &["Saint-Denis", "Saint-Pierre", "Mamoudzou"],
        "Toulouse" => &["Toulouse", "Albi", "Castres", "Foix", "Montauban", "Saint-Gaudens"],
        "Versailles" => &["Versailles", "Nanterre", "Pontoise", "Chartres"],
        _ => &[],
    }
}

/// « Tribunal judiciaire de Lyon », « d’Agen », « du Mans », « des Sables-d’Olonne ».
pub fn tribunal_name(seat: &str) -> String {
    format!("Tribunal judiciaire {}", of_place(seat))
}

/// « de Lyon », « d’Agen », « du Mans », « des Sables-d’Olonne »: French elision before a place.
pub fn of_place(seat: &str) -> String {
    if let Some(rest) = seat.strip_prefix("Le ") {
        format!("du {rest}")
    } else if let Some(rest) = seat.strip_prefix("Les ") {
        format!("des {rest}")
    } else if seat.starts_with(['A', 'E', 'I', 'O', 'U', 'É', 'Â', 'H']) {
        format!("d’{seat}")
    } else {
        format!("de {seat}")
    }
}

/// Weight of a jurisdiction in the distribution of magistrates: the big courts need more.
pub fn staffing_weight(seat: &str) -> usize {
    match seat {
        "Paris" => 40,
        "Marseille" | "Lyon" | "Bobigny" | "Nanterre" | "Lille" | "Bordeaux" | "Toulouse" | "Créteil" => 12,
        "Nice"
        | "Nantes"
        | "Rennes"
        | "Montpellier"
        | "Strasbourg"
        | "Versailles"
        | "Pontoise"
        | "Évry-Courcouronnes"
        | "Grenoble"
        | "Rouen"
        | "Aix-en-Provence"
        | "Toulon"
        | "Meaux" => 7,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_court_has_its_tribunals_and_the_names_elide() {
        let courts = courts();
        assert_eq!(courts.len(), 36);
        let total: usize = courts.iter().map(|c| tribunal_seats(&c.name).len()).sum();
        assert!((160..=170).contains(&total), "{total} tribunals");
        assert!(courts.iter().all(|c| !tribunal_seats(&c.name).is_empty()), "a court without tribunal");
        assert_eq!(tribunal_name("Agen"), "Tribunal judiciaire d’Agen");
        assert_eq!(tribunal_name("Le Mans"), "Tribunal judiciaire du Mans");
        assert_eq!(tribunal_name("Évreux"), "Tribunal judiciaire d’Évreux");
        assert_eq!(tribunal_name("Lyon"), "Tribunal judiciaire de Lyon");
    }
}
