//! `saveTrainer`, `nameSessionDirector`, `saveSessionProgramme`, `proposeSessionProgramme`,
//! `reviewSessionProgramme`, `recordAgreement` (art. 132).

use async_graphql::{Context, InputObject, Object, ID};
use shared::rules::session_programme::{Sequence, MAX_SEQUENCES, MAX_SPEAKERS_PER_SEQUENCE};
use shared::values::{optional_text, required_text};
use shared::{HalfDay, TrainerKind};

use crate::error::AppError;
use crate::graphql::context::{env, parse_id};
use crate::graphql::scalars::Date;
use crate::graphql::types::trainer::{Agreement, SessionDirector, SessionProgramme, Trainer};
use crate::services::agreements::{self, AgreementInput as NewAgreement};
use crate::services::session_directors::{self, Nomination};
use crate::services::session_programmes::{self, ProgrammeView};
use crate::services::trainers::{self, TrainerInput as NewTrainer};

/// A trainer as the School writes it (art. 132).
#[derive(InputObject)]
pub struct TrainerInput {
    /// The account of a magistrate or staff member; none for an outside speaker.
    pub user_id: Option<ID>,
    pub full_name: String,
    pub body: String,
    pub kind: TrainerKind,
    pub expertise: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// The School's nomination of a session director (art. 132).
#[derive(InputObject)]
pub struct NominationInput {
    pub trainer_id: ID,
    /// The action of the year before whose director this renews.
    pub renews_session_id: Option<ID>,
    /// Required beyond three years.
    pub exceptional_circumstances: Option<String>,
}

/// One sequence of a programme.
#[derive(InputObject)]
pub struct SequenceInput {
    pub day: Date,
    pub half_day: HalfDay,
    pub title: String,
    pub speaker_ids: Vec<ID>,
}

/// A programme as written.
#[derive(InputObject)]
pub struct ProgrammeInput {
    pub sequences: Vec<SequenceInput>,
    /// Why to keep the speakers who also speak in another action at the same half-day; required
    /// when there is such a clash, recorded for each.
    pub conflict_reason: Option<String>,
}

/// An agreement with an outside body (art. 132).
#[derive(InputObject)]
pub struct AgreementInput {
    pub partner: String,
    pub object: String,
    pub amount_cents: i64,
    pub starts_on: Date,
    pub ends_on: Date,
}

#[derive(Default)]
pub struct TrainersMutation;

#[Object]
impl TrainersMutation {
    /// Adds a trainer to the directory, or corrects one when `id` is given (the School).
    async fn save_trainer(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        input: TrainerInput,
    ) -> async_graphql::Result<Trainer> {
        let env = env(ctx)?;
        let id = id.map(|id| parse_id(&id, "Formateur")).transpose()?;
        let draft = NewTrainer {
            user_id: input.user_id.map(|u| parse_id(&u, "Compte")).transpose()?,
            full_name: required_text("fullName", &input.full_name, 200)?,
            body: required_text("body", &input.body, 200)?,
            kind: input.kind,
            expertise: required_text("expertise", &input.expertise, 2_000)?,
            email: optional_text("email", input.email.as_deref(), 200)?,
            phone: optional_text("phone", input.phone.as_deref(), 40)?,
        };
        Ok(Trainer(trainers::save(&env, id, draft).await?))
    }

    /// Names the session director of a national action for its year, or renews the director of
    /// the action of the year before (the School, art. 132).
    async fn name_session_director(
        &self,
        ctx: &Context<'_>,
        session_id: ID,
        input: NominationInput,
    ) -> async_graphql::Result<SessionDirector> {
        let env = env(ctx)?;
        let session_id = parse_id(&session_id, "Action de formation")?;
        let nomination = Nomination {
            trainer_id: parse_id(&input.trainer_id, "Formateur")?,
            renews_session_id: input.renews_session_id.map(|s| parse_id(&s, "Action de formation")).transpose()?,
            exceptional_circumstances: optional_text(
                "exceptionalCircumstances",
                input.exceptional_circumstances.as_deref(),
                2_000,
            )?,
        };
        let named = session_directors::name(&env, session_id, nomination).await?;
        let trainer = session_directors::with_trainer(env.db, session_id).await?.and_then(|(_, t)| t);
        Ok(SessionDirector(named, trainer))
    }

    /// Writes an action's programme by half-day with its speakers (its session director, or the
    /// School); a speaker's clash with another action needs `conflictReason`.
    async fn save_session_programme(
        &self,
        ctx: &Context<'_>,
        session_id: ID,
        input: ProgrammeInput,
    ) -> async_graphql::Result<SessionProgramme> {
        let env = env(ctx)?;
        let session_id = parse_id(&session_id, "Action de formation")?;
        if input.sequences.len() > MAX_SEQUENCES {
            return Err(AppError::validation("sequences", format!("{MAX_SEQUENCES} séquences au plus")).into());
        }
        let mut sequences = Vec::with_capacity(input.sequences.len());
        for s in input.sequences {
            if s.speaker_ids.len() > MAX_SPEAKERS_PER_SEQUENCE {
                return Err(AppError::validation(
                    "sequences",
                    format!("{MAX_SPEAKERS_PER_SEQUENCE} intervenants au plus par séquence"),
                )
                .into());
            }
            sequences.push(Sequence {
                day: s.day.0,
                half_day: s.half_day,
                title: required_text("title", &s.title, 300)?,
                speakers: s.speaker_ids.iter().map(|t| parse_id(t, "Formateur")).collect::<Result<_, _>>()?,
            });
        }
        let reason = optional_text("conflictReason", input.conflict_reason.as_deref(), 2_000)?;
        let view = session_programmes::save(&env, session_id, sequences, reason).await?;
        programme(&env, view).await
    }

    /// Sends the programme to the School; the director of the School is told (art. 132).
    async fn propose_session_programme(
        &self,
        ctx: &Context<'_>,
        session_id: ID,
    ) -> async_graphql::Result<SessionProgramme> {
        let env = env(ctx)?;
        let view = session_programmes::propose(&env, parse_id(&session_id, "Action de formation")?).await?;
        programme(&env, view).await
    }

    /// The director of the School validates the proposed programme, or sends it back with a
    /// comment (art. 132).
    async fn review_session_programme(
        &self,
        ctx: &Context<'_>,
        session_id: ID,
        validate: bool,
        comment: Option<String>,
    ) -> async_graphql::Result<SessionProgramme> {
        let env = env(ctx)?;
        let comment = optional_text("comment", comment.as_deref(), 4_000)?;
        let view =
            session_programmes::review(&env, parse_id(&session_id, "Action de formation")?, validate, comment).await?;
        programme(&env, view).await
    }

    /// Attaches an agreement with an outside body to an action (art. 132).
    async fn record_agreement(
        &self,
        ctx: &Context<'_>,
        session_id: ID,
        input: AgreementInput,
    ) -> async_graphql::Result<Agreement> {
        let env = env(ctx)?;
        let draft = NewAgreement {
            partner: required_text("partner", &input.partner, 300)?,
            object: required_text("object", &input.object, 2_000)?,
            amount_cents: input.amount_cents,
            starts_on: input.starts_on.0,
            ends_on: input.ends_on.0,
        };
        Ok(Agreement(agreements::record(&env, parse_id(&session_id, "Action de formation")?, draft).await?))
    }
}

async fn programme(env: &crate::services::Env<'_>, view: ProgrammeView) -> async_graphql::Result<SessionProgramme> {
    let director = session_directors::with_trainer(env.db, view.session.id).await?;
    Ok(SessionProgramme(view, director))
}
