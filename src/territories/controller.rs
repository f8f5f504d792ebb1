//! Who answers for the personal data a partnership handles (GDPR art. 4(7) "controller"): its
//! municipality or association, named with a way to reach it, shown on the privacy page.

use crate::error::{FieldError, FieldErrors};
use crate::web::forms::line;

/// The longest controller name or contact kept.
pub const MAX_LEN: usize = 200;

/// A partnership's controller, checked: both parts given, one line each, not too long.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Controller {
    pub name: String,
    /// An email address or a postal address.
    pub contact: String,
}

impl Controller {
    /// The controller from a form or a JSON body. Both absent: `None` (left as it is). One
    /// present: both are required, so that the privacy page never names half a controller.
    pub fn parse(
        errors: &mut FieldErrors,
        name: Option<&str>,
        contact: Option<&str>,
    ) -> Option<Controller> {
        if name.is_none() && contact.is_none() {
            return None;
        }
        let before = errors.clone();
        let name = line(errors, "controller_name", name.unwrap_or(""), MAX_LEN, true);
        let contact = line(
            errors,
            "controller_contact",
            contact.unwrap_or(""),
            MAX_LEN,
            true,
        );
        if contact.contains('@')
            && !contact.contains(' ')
            && contact.parse::<lettre::Address>().is_err()
        {
            errors.add("controller_contact", FieldError::new("email"));
        }
        (*errors == before).then_some(Controller { name, contact })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: Option<&str>, contact: Option<&str>) -> (Option<Controller>, Vec<String>) {
        let mut errors = FieldErrors::new();
        let c = Controller::parse(&mut errors, name, contact);
        (c, errors.0.keys().cloned().collect())
    }

    #[test]
    fn a_controller_needs_a_name_and_a_contact_of_reasonable_length() {
        assert_eq!(parse(None, None), (None, vec![]));
        let (c, errs) = parse(Some(" Commune de Jette "), Some("privacy@jette.be"));
        assert!(errs.is_empty());
        assert_eq!(c.unwrap().name, "Commune de Jette");
        let (_, errs) = parse(Some(""), Some("Place Cardinal Mercier 1, 1090 Jette"));
        assert_eq!(errs, vec!["controller_name"]);
        let long = "x".repeat(MAX_LEN + 1);
        let (c, errs) = parse(Some("Jette"), Some(&long));
        assert_eq!((c, errs), (None, vec!["controller_contact".to_owned()]));
        let (_, errs) = parse(Some("Jette"), Some("privacy@@jette"));
        assert_eq!(errs, vec!["controller_contact"]);
    }
}
