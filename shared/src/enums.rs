//! The closed vocabularies of the domain: roles, statuses, formats, reasons.
//!
//! Each enum has one wire name per variant, used in GraphQL, in the database and in the client, so
//! roles and statuses are never free strings.

use serde::{Deserialize, Serialize};

/// A stored or sent name that matches no variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown wire name {0:?}")]
pub struct UnknownWireName(pub String);

/// Declares an enum with its wire names, `as_str`, `parse` and `ALL`.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "server", derive(async_graphql::Enum, sea_orm::DeriveValueType))]
        #[cfg_attr(feature = "server", sea_orm(value_type = "String"))]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $wire)]
                #[cfg_attr(feature = "server", graphql(name = $wire))]
                $variant,
            )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire name, as stored and as sent.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            /// Reads a wire name; `None` for anything else.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($wire => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownWireName;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s).ok_or_else(|| UnknownWireName(s.to_owned()))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

wire_enum!(
    /// What a person may do, each with its scope (DESIGN.md, "Who uses it").
    Role {
        Magistrate = "MAGISTRATE",
        HeadOfJurisdiction = "HEAD_OF_JURISDICTION",
        HeadOfCourt = "HEAD_OF_COURT",
        TrainingDelegate = "TRAINING_DELEGATE",
        RegionalCoordinator = "REGIONAL_COORDINATOR",
        FinanceOfficer = "FINANCE_OFFICER",
        SchoolOfficer = "SCHOOL_OFFICER",
        Director = "DIRECTOR",
        Ministry = "MINISTRY",
        Admin = "ADMIN",
    }
);

wire_enum!(
    /// Where an application stands in the national cycle.
    ApplicationStatus {
        Submitted = "SUBMITTED",
        Selected = "SELECTED",
        Waitlisted = "WAITLISTED",
        Refused = "REFUSED",
        Confirmed = "CONFIRMED",
        Lapsed = "LAPSED",
        Withdrawn = "WITHDRAWN",
        Cancelled = "CANCELLED",
        Attended = "ATTENDED",
        Partial = "PARTIAL",
        Absent = "ABSENT",
    }
);

wire_enum!(
    /// The decider's answer to an application (art. 131).
    Decision {
        Selected = "SELECTED",
        Waitlisted = "WAITLISTED",
        Refused = "REFUSED",
    }
);

wire_enum!(
    /// The evaluating authority's advisory opinion (art. 130).
    Opinion {
        Favorable = "FAVORABLE",
        Reserved = "RESERVED",
        Unfavorable = "UNFAVORABLE",
    }
);

wire_enum!(
    /// Who gave an observation: the magistrate's evaluator or the head of the court of appeal.
    ObservationAuthority {
        Evaluator = "EVALUATOR",
        HeadOfCourt = "HEAD_OF_COURT",
    }
);

wire_enum!(
    /// A constraint the director sets on a national selection run (issue 17).
    AllocationOverrideKind {
        /// A place given to a magistrate at an action they wished.
        Force = "FORCE",
        /// A magistrate's wish left out.
        Exclude = "EXCLUDE",
        /// An action's capacity changed for the run.
        Capacity = "CAPACITY",
    }
);

wire_enum!(
    /// Where a national selection proposal stands.
    AllocationRunStatus {
        Proposed = "PROPOSED",
        /// Turned into the director's decisions.
        Applied = "APPLIED",
        /// Another proposal of the year was applied instead.
        Superseded = "SUPERSEDED",
    }
);

wire_enum!(
    /// What became of a wish in a national selection proposal (`rules::allocation::Outcome`).
    AllocationOutcome {
        Placed = "PLACED",
        Forced = "FORCED",
        Excluded = "EXCLUDED",
        Outranked = "OUTRANKED",
        Full = "FULL",
        Overlaps = "OVERLAPS",
        CapReached = "CAP_REACHED",
    }
);

wire_enum!(
    /// Why a magistrate withdraws (art. 134).
    WithdrawalReason {
        Health = "HEALTH",
        Family = "FAMILY",
        ServiceNecessity = "SERVICE_NECESSITY",
        ForceMajeure = "FORCE_MAJEURE",
        Other = "OTHER",
    }
);

wire_enum!(
    /// The form a training action takes (art. 125).
    SessionFormat {
        Session = "SESSION",
        Cycle = "CYCLE",
        Workshop = "WORKSHOP",
        Internship = "INTERNSHIP",
        StudyDay = "STUDY_DAY",
        Meeting = "MEETING",
        Colloquium = "COLLOQUIUM",
        ELearning = "E_LEARNING",
    }
);

wire_enum!(
    /// National programme of the School, or deconcentrated programme of one or more courts.
    Scope {
        National = "NATIONAL",
        Deconcentrated = "DECONCENTRATED",
    }
);

wire_enum!(
    /// The life of a session in the programme.
    SessionStatus {
        Draft = "DRAFT",
        Published = "PUBLISHED",
        Cancelled = "CANCELLED",
        Closed = "CLOSED",
    }
);

wire_enum!(
    /// How a magistrate entered the judiciary, which sets their obligations (art. 128).
    RecruitmentPath {
        Competition = "COMPETITION",
        Article22 = "ARTICLE_22",
        Article21_1 = "ARTICLE_21_1",
    }
);

wire_enum!(
    /// Bench or prosecution, which decides whose head of court is the magistrate's own.
    Bench {
        /// The bench (*siège*): the premier président is the head of court.
        Siege = "SIEGE",
        /// The prosecution (*parquet*): the procureur général is the head of court.
        Parquet = "PARQUET",
    }
);

wire_enum!(
    /// Where a posting is: a jurisdiction, a court of appeal, the Cour de cassation, or another body
    /// (central administration, secondment), which belongs to no court's deconcentrated programme.
    Assignment {
        Jurisdiction = "JURISDICTION",
        CourtOfAppeal = "COURT_OF_APPEAL",
        CourDeCassation = "COUR_DE_CASSATION",
        Other = "OTHER",
    }
);

wire_enum!(
    /// What a notification is about.
    NotificationKind {
        Selected = "SELECTED",
        Waitlisted = "WAITLISTED",
        Refused = "REFUSED",
        Promoted = "PROMOTED",
        Lapsed = "LAPSED",
        SessionCancelled = "SESSION_CANCELLED",
        SessionRescheduled = "SESSION_RESCHEDULED",
        WithdrawalRecorded = "WITHDRAWAL_RECORDED",
        UnjustifiedWithdrawal = "UNJUSTIFIED_WITHDRAWAL",
        NewObservation = "NEW_OBSERVATION",
        EvaluationReminder = "EVALUATION_REMINDER",
        ValidationDecided = "VALIDATION_DECIDED",
        SheetTransmitted = "SHEET_TRANSMITTED",
        PlanToAdopt = "PLAN_TO_ADOPT",
        PlanAdopted = "PLAN_ADOPTED",
        PlanSubmitted = "PLAN_SUBMITTED",
        PlanEvaluated = "PLAN_EVALUATED",
        CreditsAllocated = "CREDITS_ALLOCATED",
        PlanOnline = "PLAN_ONLINE",
        SessionClosed = "SESSION_CLOSED",
        ParticipationConfirmed = "PARTICIPATION_CONFIRMED",
        ParticipationEnded = "PARTICIPATION_ENDED",
        ConfirmationInvitation = "CONFIRMATION_INVITATION",
        ConfirmationReminder = "CONFIRMATION_REMINDER",
        NewOffers = "NEW_OFFERS",
        ObservationsAwaited = "OBSERVATIONS_AWAITED",
        DirectorNamed = "DIRECTOR_NAMED",
        ProgrammeProposed = "PROGRAMME_PROPOSED",
        ProgrammeReviewed = "PROGRAMME_REVIEWED",
        ExecutionReportSent = "EXECUTION_REPORT_SENT",
        ActivityReport = "ACTIVITY_REPORT",
    }
);

wire_enum!(
    /// Morning or afternoon, the unit of attendance (art. 133).
    HalfDay {
        Morning = "MORNING",
        Afternoon = "AFTERNOON",
    }
);

wire_enum!(
    /// What a validation request is for (art. 125).
    ValidationKind {
        Research = "RESEARCH",
        Publication = "PUBLICATION",
        Diploma = "DIPLOMA",
        Other = "OTHER",
    }
);

wire_enum!(
    /// Where a validation request stands.
    ValidationStatus {
        Pending = "PENDING",
        Approved = "APPROVED",
        Rejected = "REJECTED",
    }
);

wire_enum!(
    /// Who receives a training sheet at year end (art. 136).
    SheetRecipient {
        Magistrate = "MAGISTRATE",
        Evaluator = "EVALUATOR",
        Ministry = "MINISTRY",
    }
);

wire_enum!(
    /// Cost categories of the deconcentrated plan's forecast and expenses (art. 137, 139).
    CostCategory {
        SpeakerFees = "SPEAKER_FEES",
        Travel = "TRAVEL",
        Accommodation = "ACCOMMODATION",
        Catering = "CATERING",
        RoomHire = "ROOM_HIRE",
        Materials = "MATERIALS",
        Other = "OTHER",
    }
);

wire_enum!(
    /// A commitment (engagement) or a payment (paiement) on a court's credits (art. 139).
    ExpenseKind {
        Committed = "COMMITTED",
        Paid = "PAID",
    }
);

wire_enum!(
    /// Where a court's deconcentrated plan stands (art. 137, 139).
    PlanStatus {
        Draft = "DRAFT",
        Advised = "ADVISED",
        Adopted = "ADOPTED",
        Submitted = "SUBMITTED",
        Evaluated = "EVALUATED",
        Funded = "FUNDED",
        Online = "ONLINE",
    }
);

wire_enum!(
    /// Where an action's programme stands (art. 132): drafted by the session director, proposed
    /// to the School, then validated by its director or sent back with a comment.
    ProgrammeStatus {
        Draft = "DRAFT",
        Proposed = "PROPOSED",
        Validated = "VALIDATED",
        Returned = "RETURNED",
    }
);

wire_enum!(
    /// Who gives an action (art. 132): the School's training coordinators, the regional
    /// coordinators, associate teachers or occasional speakers.
    TrainerKind {
        SchoolCoordinator = "SCHOOL_COORDINATOR",
        RegionalCoordinator = "REGIONAL_COORDINATOR",
        AssociateTeacher = "ASSOCIATE_TEACHER",
        OccasionalSpeaker = "OCCASIONAL_SPEAKER",
    }
);

wire_enum!(
    /// A clash that is shown, never silently allowed (art. 132, 131): a speaker in two actions
    /// at the same half-day, or a magistrate selected for two actions that share a day.
    ConflictKind {
        Speaker = "SPEAKER",
        Participant = "PARTICIPANT",
    }
);

wire_enum!(
    /// Who a line of an action's costs is for: a speaker, or a participant (travel, accommodation).
    CostBeneficiary {
        Speaker = "SPEAKER",
        Participant = "PARTICIPANT",
    }
);

wire_enum!(
    /// The unit of a speaker's fee on the School's scale.
    FeeUnit {
        Hour = "HOUR",
        HalfDay = "HALF_DAY",
        Day = "DAY",
    }
);

impl FeeUnit {
    /// The unit, in French.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Hour => "heure",
            Self::HalfDay => "demi-journée",
            Self::Day => "journée",
        }
    }
}

impl CostBeneficiary {
    /// Speaker or participant, in French.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Speaker => "Intervenant",
            Self::Participant => "Participant",
        }
    }
}

impl ProgrammeStatus {
    /// The French label of a programme's status (art. 132).
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Draft => "En préparation",
            Self::Proposed => "Proposé à l’École",
            Self::Validated => "Validé",
            Self::Returned => "Renvoyé au directeur de session",
        }
    }
}

impl TrainerKind {
    /// The French label of who gives an action (art. 132).
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::SchoolCoordinator => "Coordonnateur de formation de l’École",
            Self::RegionalCoordinator => "Coordonnateur régional de formation",
            Self::AssociateTeacher => "Enseignant associé",
            Self::OccasionalSpeaker => "Intervenant occasionnel",
        }
    }
}

impl CostCategory {
    /// The French label of a cost category.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::SpeakerFees => "Honoraires des intervenants",
            Self::Travel => "Déplacements",
            Self::Accommodation => "Hébergement",
            Self::Catering => "Restauration",
            Self::RoomHire => "Location de salles",
            Self::Materials => "Supports et fournitures",
            Self::Other => "Autres dépenses",
        }
    }
}

impl SessionFormat {
    /// The French label shown to users.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Session => "Session",
            Self::Cycle => "Cycle",
            Self::Workshop => "Atelier",
            Self::Internship => "Stage",
            Self::StudyDay => "Journée d’étude",
            Self::Meeting => "Rencontre",
            Self::Colloquium => "Colloque",
            Self::ELearning => "Formation en ligne",
        }
    }
}

impl ApplicationStatus {
    /// The French label shown on screens and on the training sheet.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Submitted => "Demandée",
            Self::Selected => "Retenue",
            Self::Waitlisted => "Liste d’attente",
            Self::Refused => "Refusée",
            Self::Confirmed => "Confirmée",
            Self::Lapsed => "Non confirmée",
            Self::Withdrawn => "Désistement",
            Self::Cancelled => "Annulée",
            Self::Attended => "Suivie",
            Self::Partial => "Suivie en partie",
            Self::Absent => "Absent",
        }
    }
}

impl WithdrawalReason {
    /// The French label of a withdrawal reason.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Health => "raison de santé",
            Self::Family => "raison familiale",
            Self::ServiceNecessity => "nécessité de service",
            Self::ForceMajeure => "force majeure",
            Self::Other => "autre motif",
        }
    }
}

impl Bench {
    /// The French label.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Siege => "Siège",
            Self::Parquet => "Parquet",
        }
    }
}

impl RecruitmentPath {
    /// The French label of a recruitment path.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Competition => "Concours",
            Self::Article22 => "Intégration directe (article 22)",
            Self::Article21_1 => "Recrutement article 21-1",
        }
    }
}

impl ValidationKind {
    /// The French label of a validated activity.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Research => "Recherche",
            Self::Publication => "Publication",
            Self::Diploma => "Diplôme",
            Self::Other => "Autre activité",
        }
    }
}

impl Role {
    /// The French title of a role.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Magistrate => "Magistrat",
            Self::HeadOfJurisdiction => "Chef de juridiction",
            Self::HeadOfCourt => "Chef de cour",
            Self::TrainingDelegate => "Magistrat délégué à la formation",
            Self::RegionalCoordinator => "Coordonnateur régional de formation",
            Self::FinanceOfficer => "Services financiers",
            Self::SchoolOfficer => "École — formation continue",
            Self::Director => "Directeur de l’École",
            Self::Ministry => "Ministère de la Justice",
            Self::Admin => "Administrateur",
        }
    }
}

impl Opinion {
    /// The French label of an advisory opinion (art. 130).
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Favorable => "Favorable",
            Self::Reserved => "Réservé",
            Self::Unfavorable => "Défavorable",
        }
    }
}

impl ObservationAuthority {
    /// Who gave an observation, in French.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Evaluator => "Chef de juridiction",
            Self::HeadOfCourt => "Chef de cour",
        }
    }
}

impl Scope {
    /// National or deconcentrated, in French.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::National => "Nationale",
            Self::Deconcentrated => "Déconcentrée",
        }
    }
}

impl SessionStatus {
    /// The French label of a session's status.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Draft => "Brouillon",
            Self::Published => "Publiée",
            Self::Cancelled => "Annulée",
            Self::Closed => "Clôturée",
        }
    }
}

impl ValidationStatus {
    /// The French label of a validation request's status.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Pending => "En attente",
            Self::Approved => "Validée",
            Self::Rejected => "Rejetée",
        }
    }
}

impl ExpenseKind {
    /// Commitment or payment, in French.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Committed => "Engagement",
            Self::Paid => "Paiement",
        }
    }
}

impl HalfDay {
    /// Morning or afternoon, in French.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Morning => "Matin",
            Self::Afternoon => "Après-midi",
        }
    }
}

impl PlanStatus {
    /// The French label of a plan's status (art. 137, 139).
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Draft => "En préparation",
            Self::Advised => "Avis du conseil recueilli",
            Self::Adopted => "Arrêté par les chefs de cour",
            Self::Submitted => "Transmis à l’École",
            Self::Evaluated => "Évalué par l’École",
            Self::Funded => "Crédits réservés",
            Self::Online => "Mis en ligne",
        }
    }
}

impl Decision {
    /// The application status a decision leads to.
    pub fn status(self) -> ApplicationStatus {
        match self {
            Self::Selected => ApplicationStatus::Selected,
            Self::Waitlisted => ApplicationStatus::Waitlisted,
            Self::Refused => ApplicationStatus::Refused,
        }
    }
}

impl ApplicationStatus {
    /// Whether the application holds one of the session's seats.
    pub fn holds_seat(self) -> bool {
        matches!(self, Self::Selected | Self::Confirmed | Self::Attended | Self::Partial | Self::Absent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_wire_name_parses_back_to_its_variant() {
        for s in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::parse(s.as_str()), Some(*s));
        }
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(*r));
        }
        assert_eq!(SessionFormat::parse("E_LEARNING"), Some(SessionFormat::ELearning));
        assert_eq!(Role::parse("magistrate"), None);
    }
}
