//! Trainers, session directors, programmes by half-day and agreements as the API gives them
//! (art. 132).

use async_graphql::{Context, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use shared::{HalfDay, ProgrammeStatus, TrainerKind};

use crate::entities::{programme_sequence, session_agreement, session_director, trainer};
use crate::graphql::context::env;
use crate::graphql::scalars::Date;
use crate::services::conflicts::SpeakerConflict as Clash;
use crate::services::session_programmes::ProgrammeView;
use crate::services::trainers::{self, TrainerAction as Given};

use super::Session;

/// A person of the trainers' directory: a magistrate or staff member with an account, or an
/// outside speaker (art. 132).
pub struct Trainer(pub trainer::Model);

#[Object]
impl Trainer {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn full_name(&self) -> &str {
        &self.0.full_name
    }
    /// Their body or employer.
    async fn body(&self) -> &str {
        &self.0.body
    }
    async fn kind(&self) -> TrainerKind {
        self.0.kind
    }
    async fn kind_label(&self) -> &'static str {
        self.0.kind.label_fr()
    }
    async fn expertise(&self) -> &str {
        &self.0.expertise
    }
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    /// The account of a trainer of the directory; none for an outside speaker.
    async fn user_id(&self) -> Option<ID> {
        self.0.user_id.map(|id| ID(id.to_string()))
    }
    /// The actions they speak in or direct, latest first, with the participants' mark for the
    /// speakers there (the School only).
    async fn actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TrainerAction>> {
        let env = env(ctx)?;
        Ok(trainers::actions_of(&env, self.0.id).await?.into_iter().map(TrainerAction).collect())
    }
}

/// An action a trainer gave or directs.
pub struct TrainerAction(pub Given);

#[Object]
impl TrainerAction {
    async fn session(&self) -> Session {
        Session(self.0.session.clone())
    }
    /// Half-days they speak in its programme.
    async fn half_days(&self) -> i64 {
        self.0.half_days
    }
    /// Whether they are its session director.
    async fn directed(&self) -> bool {
        self.0.directed
    }
    /// Evaluation forms returned (art. 135).
    async fn responses(&self) -> i64 {
        self.0.responses
    }
    /// The participants' average mark for the speakers, out of 5.
    async fn speakers_average(&self) -> Option<f64> {
        self.0.speakers_average
    }
}

/// The session director named on an action, for a year (art. 132).
pub struct SessionDirector(pub session_director::Model, pub Option<trainer::Model>);

#[Object]
impl SessionDirector {
    async fn trainer(&self) -> Option<Trainer> {
        self.1.clone().map(Trainer)
    }
    /// The year of service on the action: 1, then one more each renewal; beyond 3 only with
    /// exceptional circumstances.
    async fn term(&self) -> i32 {
        self.0.term
    }
    async fn renews_session_id(&self) -> Option<ID> {
        self.0.renews_session_id.map(|id| ID(id.to_string()))
    }
    async fn exceptional_circumstances(&self) -> Option<&str> {
        self.0.exceptional_circumstances.as_deref()
    }
    async fn named_at(&self) -> DateTime<Utc> {
        self.0.named_at
    }
}

/// One sequence of a programme, on a half-day.
pub struct ProgrammeSequence(pub programme_sequence::Model, pub Vec<trainer::Model>);

#[Object]
impl ProgrammeSequence {
    async fn day(&self) -> Date {
        Date(self.0.day)
    }
    async fn half_day(&self) -> HalfDay {
        self.0.half_day
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// Its speakers: name and body only, for whoever reads the programme.
    async fn speakers(&self) -> Vec<Speaker> {
        self.1
            .iter()
            .map(|t| Speaker { id: ID(t.id.to_string()), full_name: t.full_name.clone(), body: t.body.clone() })
            .collect()
    }
}

/// A speaker as a programme names them.
#[derive(SimpleObject)]
pub struct Speaker {
    pub id: ID,
    pub full_name: String,
    pub body: String,
}

/// A speaker who also speaks in another action at the same half-day; shown, never silently
/// allowed: `reason` says why it was kept.
pub struct SpeakerConflict(pub Clash);

#[Object]
impl SpeakerConflict {
    async fn trainer_id(&self) -> ID {
        ID(self.0.trainer_id.to_string())
    }
    async fn trainer_name(&self) -> &str {
        &self.0.trainer_name
    }
    async fn other_session_id(&self) -> ID {
        ID(self.0.other_session.id.to_string())
    }
    async fn other_session_title(&self) -> &str {
        &self.0.other_session.title
    }
    async fn day(&self) -> Date {
        Date(self.0.day)
    }
    async fn half_day(&self) -> HalfDay {
        self.0.half_day
    }
    /// Why it was kept; none while it is not settled.
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
}

/// An action's programme and speakers, where it stands, and what the caller may do with it.
pub struct SessionProgramme(pub ProgrammeView, pub Option<(session_director::Model, Option<trainer::Model>)>);

#[Object]
impl SessionProgramme {
    async fn session(&self) -> Session {
        Session(self.0.session.clone())
    }
    async fn status(&self) -> ProgrammeStatus {
        self.0.status()
    }
    async fn status_label(&self) -> &'static str {
        self.0.status().label_fr()
    }
    async fn director(&self) -> Option<SessionDirector> {
        self.1.clone().map(|(d, t)| SessionDirector(d, t))
    }
    async fn sequences(&self) -> Vec<ProgrammeSequence> {
        self.0.sequences.iter().map(|(s, t)| ProgrammeSequence(s.clone(), t.clone())).collect()
    }
    async fn conflicts(&self) -> Vec<SpeakerConflict> {
        self.0.conflicts.iter().cloned().map(SpeakerConflict).collect()
    }
    async fn proposed_at(&self) -> Option<DateTime<Utc>> {
        self.0.programme.as_ref().and_then(|p| p.proposed_at)
    }
    async fn reviewed_at(&self) -> Option<DateTime<Utc>> {
        self.0.programme.as_ref().and_then(|p| p.reviewed_at)
    }
    /// The director of the School's comment on sending it back.
    async fn review_comment(&self) -> Option<&str> {
        self.0.programme.as_ref().and_then(|p| p.review_comment.as_deref())
    }
    async fn viewer_can(&self) -> ProgrammePermissions {
        let r = self.0.rights;
        ProgrammePermissions { edit: r.edit, propose: r.propose, review: r.review, name_director: r.name_director }
    }
}

/// What the caller may do with a programme, as the server would answer.
#[derive(SimpleObject)]
pub struct ProgrammePermissions {
    /// Write it (its session director or the School; a court's organisers for the programme as
    /// given of its action, art. 141).
    pub edit: bool,
    /// Send it to the director of the School (a national action's).
    pub propose: bool,
    /// Validate it or send it back (the director of the School).
    pub review: bool,
    /// Name the action's session director (the School).
    pub name_director: bool,
}

/// An agreement with an outside body (art. 132).
pub struct Agreement(pub session_agreement::Model);

#[Object]
impl Agreement {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn partner(&self) -> &str {
        &self.0.partner
    }
    async fn object(&self) -> &str {
        &self.0.object
    }
    async fn amount_cents(&self) -> i64 {
        self.0.amount_cents
    }
    async fn starts_on(&self) -> Date {
        Date(self.0.starts_on)
    }
    async fn ends_on(&self) -> Date {
        Date(self.0.ends_on)
    }
}
