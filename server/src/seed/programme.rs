//! Realistic titles, formats and places for the generated national and deconcentrated programmes.

use shared::SessionFormat;

/// Themes of the School's continuing education, as the catalogue words them.
pub const THEMES: &[&str] = &[
    "La justice pénale des mineurs",
    "L’audience correctionnelle : conduite des débats",
    "Le juge des libertés et de la détention",
    "Les violences au sein du couple : de l’alerte au jugement",
    "Cybercriminalité et preuve numérique",
    "Le contentieux de la protection sociale",
    "Déontologie et éthique du magistrat",
    "Droit de la famille : actualité jurisprudentielle",
    "Les procédures collectives pour le juge civil",
    "L’expertise judiciaire en matière civile et pénale",
    "Criminalité organisée et blanchiment",
    "La rédaction des décisions civiles",
    "Le management des juridictions",
    "La protection juridique des majeurs vulnérables",
    "Psychiatrie et justice pénale",
    "Le traitement judiciaire du terrorisme",
    "La Convention européenne des droits de l’homme au quotidien",
    "Le contentieux du droit des étrangers",
    "Justice et environnement",
    "Médiation, conciliation et modes amiables",
    "L’exécution et l’aménagement des peines",
    "Laïcité et fait religieux dans l’institution judiciaire",
    "Justice et médias : communiquer sur une affaire",
    "L’enfance en danger : assistance éducative",
    "Le droit du travail devant le juge judiciaire",
    "Intelligence artificielle et office du juge",
    "Les référés civils",
    "La prise de parole à l’audience",
    "Les violences sexuelles : enquête et jugement",
    "Le droit de la consommation et le surendettement",
    "La délinquance économique et financière",
    "La cour d’assises et la cour criminelle départementale",
    "Prévention de la radicalisation violente",
    "Addictions et réponse pénale",
    "L’accueil et l’accompagnement des victimes",
    "L’entraide pénale internationale et le parquet européen",
    "Le juge et l’évaluation de la dangerosité",
    "Le droit des contrats après la réforme",
    "La responsabilité médicale",
    "Le contentieux de la construction",
    "Les baux d’habitation et l’expulsion",
    "Santé mentale et hospitalisation sans consentement",
    "La justice restaurative",
    "Le travail en équipe juridictionnelle",
    "Gestion du stress et qualité de vie au travail",
    "La procédure d’appel civile",
    "La motivation des peines",
    "L’outre-mer et ses spécificités juridiques",
    "Le droit funéraire et les successions",
    "Les mesures de sûreté et la surveillance judiciaire",
];

/// Where national actions take place.
pub const NATIONAL_PLACES: &[&str] = &["ENM Paris", "ENM Bordeaux", "ENM Paris", "Cour de cassation, Paris"];

/// The mix of formats in the national programme (art. 125), by weight.
pub const FORMAT_MIX: &[(SessionFormat, usize)] = &[
    (SessionFormat::Session, 40),
    (SessionFormat::Cycle, 6),
    (SessionFormat::Workshop, 14),
    (SessionFormat::Internship, 10),
    (SessionFormat::StudyDay, 10),
    (SessionFormat::Meeting, 6),
    (SessionFormat::Colloquium, 6),
    (SessionFormat::ELearning, 8),
];

/// One format drawn by weight.
pub fn pick_format(rng: &mut super::rng::Rng) -> SessionFormat {
    let total: usize = FORMAT_MIX.iter().map(|(_, w)| w).sum();
    let mut n = rng.below(total);
    for (format, weight) in FORMAT_MIX {
        if n < *weight {
            return *format;
        }
        n -= weight;
    }
    SessionFormat::Session
}

/// Typical length in days and capacity of a format.
pub fn shape(format: SessionFormat, rng: &mut super::rng::Rng) -> (i32, i32) {
    let days = |choices: &[i32], rng: &mut super::rng::Rng| *rng.pick(choices);
    match format {
        SessionFormat::Session => (days(&[3, 4, 5], rng), *rng.pick(&[25, 30, 40, 60])),
        SessionFormat::Cycle => (days(&[8, 10, 12], rng), *rng.pick(&[20, 24])),
        SessionFormat::Workshop => (days(&[1, 2], rng), *rng.pick(&[12, 15, 20])),
        SessionFormat::Internship => (days(&[5, 10], rng), *rng.pick(&[4, 6, 8])),
        SessionFormat::StudyDay => (1, *rng.pick(&[50, 80, 120])),
        SessionFormat::Meeting => (days(&[1, 2], rng), *rng.pick(&[30, 40])),
        SessionFormat::Colloquium => (days(&[1, 2], rng), *rng.pick(&[100, 150, 200])),
        SessionFormat::ELearning => (days(&[1, 2, 3], rng), *rng.pick(&[200, 300, 500])),
    }
}
