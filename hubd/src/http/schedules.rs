//! Schedule endpoints; `{id}` is a schedule id or its unique name.
//!
//! Changing a schedule is declared as agents:write (what a commander may
//! do). What its fires do needs its own permission besides: tasks:write to
//! create tasks from a template, agents:admin to run the memory
//! consolidation (as `POST /api/memory/consolidate` does), agents:write to
//! ask for evolution proposals (as `POST /api/agents/{id}/evolve/propose`
//! does), so a schedule never lets a caller do later what it may not do now.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use m3shd_api::{
    CreateSchedule, ErrorCode, Permission, Schedule, ScheduleAction, ScheduleList, ScheduleRun,
    UpdateSchedule,
};

use super::auth::Caller;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath};
use super::state::AppState;

/// The permission a schedule's fires exercise.
fn fires_need(action: Option<ScheduleAction>) -> Permission {
    match action {
        None => Permission::TasksWrite,
        Some(ScheduleAction::MemoryConsolidate) => Permission::AgentsAdmin,
        Some(ScheduleAction::Evolve) => Permission::AgentsWrite,
    }
}

fn may_fire(caller: &Caller, action: Option<ScheduleAction>) -> Result<(), ApiError> {
    let need = fires_need(action);
    if caller.principal.has(need) {
        return Ok(());
    }
    let what = match action {
        None => "create tasks".to_string(),
        Some(a) => format!("run {a}"),
    };
    Err(ApiError::new(
        ErrorCode::Forbidden,
        format!("this schedule's fires {what}: that needs the {need} permission too"),
    ))
}

/// The schedule `id`, if the caller may change it.
fn changeable(s: &AppState, caller: &Caller, id: &str) -> Result<Schedule, ApiError> {
    let schedule = s.hub.schedule(id)?;
    may_fire(caller, schedule.action)?;
    Ok(schedule)
}

pub async fn list(State(s): State<AppState>) -> Result<Json<ScheduleList>, ApiError> {
    Ok(Json(ScheduleList {
        schedules: s.hub.schedules()?,
    }))
}

pub async fn get(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Schedule>, ApiError> {
    Ok(Json(s.hub.schedule(&id)?))
}

pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreateSchedule>,
) -> Result<(StatusCode, Json<Schedule>), ApiError> {
    may_fire(&caller, req.action)?;
    let schedule = s.hub.create_schedule(req, caller.label()).await?;
    Ok((StatusCode::CREATED, Json(schedule)))
}

pub async fn update(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<UpdateSchedule>,
) -> Result<Json<Schedule>, ApiError> {
    changeable(&s, &caller, &id)?;
    Ok(Json(s.hub.update_schedule(&id, req).await?))
}

pub async fn delete(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    changeable(&s, &caller, &id)?;
    s.hub.delete_schedule(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn pause(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Schedule>, ApiError> {
    changeable(&s, &caller, &id)?;
    Ok(Json(s.hub.pause_schedule(&id, true).await?))
}

pub async fn resume(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Schedule>, ApiError> {
    changeable(&s, &caller, &id)?;
    Ok(Json(s.hub.pause_schedule(&id, false).await?))
}

pub async fn run_now(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ScheduleRun>, ApiError> {
    changeable(&s, &caller, &id)?;
    Ok(Json(s.hub.run_schedule_now(&id).await?))
}
