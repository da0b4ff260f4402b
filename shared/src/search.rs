//! Search keys: names and titles folded to lowercase ASCII so that « Évry », « evry » and « EVRY »
//! find the same rows on SQLite and PostgreSQL alike.

/// Lowercases `text` and strips the accents used in French (and a few more), keeping letters,
/// digits and single spaces.
pub fn fold_for_search(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for ch in text.chars().flat_map(char::to_lowercase) {
        let folded: &str = match ch {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
            'ç' => "c",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ÿ' | 'ý' => "y",
            'ñ' => "n",
            'œ' => "oe",
            'æ' => "ae",
            c if c.is_alphanumeric() => {
                out.push(c);
                last_space = false;
                continue;
            }
            _ => " ",
        };
        if folded == " " {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push_str(folded);
            last_space = false;
        }
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_and_punctuation_fold_to_one_key() {
        assert_eq!(fold_for_search("Évry-Courcouronnes"), "evry courcouronnes");
        assert_eq!(fold_for_search("  Œuvre   d’ÉTÉ "), "oeuvre d ete");
        assert_eq!(fold_for_search("Mineurs : la justice pénale"), "mineurs la justice penale");
    }
}
