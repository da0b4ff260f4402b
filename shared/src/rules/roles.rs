//! What scope each role is granted with (DESIGN.md, "Who uses it"): the whole country, a court of
//! appeal (a regional coordinator holds one grant per court it coordinates), or a jurisdiction.

use crate::enums::Role;

/// Where a grant of a role applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleScope {
    National,
    Court,
    Jurisdiction,
}

/// The scope a role is granted with.
pub fn scope_of(role: Role) -> RoleScope {
    match role {
        Role::HeadOfCourt | Role::TrainingDelegate | Role::RegionalCoordinator | Role::FinanceOfficer => {
            RoleScope::Court
        }
        Role::HeadOfJurisdiction => RoleScope::Jurisdiction,
        Role::Magistrate | Role::SchoolOfficer | Role::Director | Role::Ministry | Role::Admin => RoleScope::National,
    }
}

/// Whether a grant of `role` names what its scope needs, and nothing more: a court for a court's
/// role, a jurisdiction for a head of jurisdiction, neither for a national role. French reason
/// otherwise.
pub fn check_grant(role: Role, court: Option<i64>, jurisdiction: Option<i64>) -> Result<(), &'static str> {
    match (scope_of(role), court, jurisdiction) {
        (RoleScope::National, None, None) => Ok(()),
        (RoleScope::National, ..) => Err("ce rôle est national : ni cour ni juridiction"),
        (RoleScope::Court, Some(_), None) => Ok(()),
        (RoleScope::Court, ..) => Err("ce rôle s’exerce dans une cour d’appel : choisissez la cour, sans juridiction"),
        (RoleScope::Jurisdiction, _, Some(_)) => Ok(()),
        (RoleScope::Jurisdiction, _, None) => Err("ce rôle s’exerce dans une juridiction : choisissez-la"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_is_granted_with_the_scope_it_needs() {
        assert_eq!(check_grant(Role::Director, None, None), Ok(()));
        assert!(check_grant(Role::Director, Some(1), None).is_err());
        assert_eq!(check_grant(Role::TrainingDelegate, Some(1), None), Ok(()));
        assert!(check_grant(Role::TrainingDelegate, None, None).is_err());
        assert!(check_grant(Role::HeadOfCourt, Some(1), Some(4)).is_err());
        assert_eq!(check_grant(Role::HeadOfJurisdiction, Some(1), Some(4)), Ok(()));
        assert!(check_grant(Role::HeadOfJurisdiction, Some(1), None).is_err());
        assert!(Role::ALL
            .iter()
            .all(|r| matches!(scope_of(*r), RoleScope::National | RoleScope::Court | RoleScope::Jurisdiction)));
    }
}
