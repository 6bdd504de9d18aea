//! Federation routes: peers (`/api/admin/peers`, `admin:federation`) and
//! what a peer calls (`/api/federation/…`, `federation:relay`: the
//! `federation` role preset and nothing else). Rules in
//! `m3shd_hub_core::domain::federation`; the calls this hub makes on its
//! peers in `crate::federation`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use m3shd_api::{
    AddPeer, FederationCapacity, Peer, PeerList, PeerProvenance, ProvenanceReport, RelayAccepted,
    RelayCancel, RelayResult, RelayResultAck, RelayTask, RelayedTask, TaskFederation,
};

use super::auth::Caller;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, SignedJson, TaskPath};
use super::state::AppState;

pub async fn list_peers(State(s): State<AppState>) -> Result<Json<PeerList>, ApiError> {
    let rows = s.hub.peers()?;
    Ok(Json(PeerList {
        peers: s.federation.view(rows),
    }))
}

/// Add or replace a peer; its token is never shown back.
pub async fn add_peer(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<AddPeer>,
) -> Result<(StatusCode, Json<Peer>), ApiError> {
    let row = s.hub.add_peer(&req.name, &req.url, &req.token).await?;
    tracing::info!(peer = %row.name, url = %row.url, by = caller.label(), "peer added");
    s.federation.forget(&row.name);
    s.federation.peer_stored();
    let peer = s
        .federation
        .view(vec![row])
        .pop()
        .ok_or_else(|| ApiError::not_found("peer"))?;
    Ok((StatusCode::CREATED, Json(peer)))
}

/// Remove a peer; the tasks relayed to it come back to this hub's queue.
pub async fn remove_peer(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(name): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    s.hub.remove_peer(&name).await?;
    s.federation.forget(&name);
    tracing::info!(peer = %name, by = caller.label(), "peer removed");
    Ok(StatusCode::NO_CONTENT)
}

/// What this hub could take from a peer now.
pub async fn capacity(State(s): State<AppState>) -> Result<Json<FederationCapacity>, ApiError> {
    Ok(Json(FederationCapacity {
        hub: s.federation.hub_name.clone(),
        capacity: s.hub.federation_capacity()?,
    }))
}

/// A peer offers a task: it becomes a local task of trust `federated`.
pub async fn accept(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<RelayTask>,
) -> Result<(StatusCode, Json<RelayAccepted>), ApiError> {
    let (from, origin) = (req.from_hub.clone(), req.origin_hub.clone());
    let accepted = s.hub.accept_relay(&s.federation.hub_name, req).await?;
    tracing::info!(task = %accepted.task_id, from = %from, origin = %origin, by = caller.label(), replayed = accepted.replayed, "federated task accepted");
    let status = if accepted.replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(accepted)))
}

/// How a task a peer offered stands.
pub async fn relayed(
    State(s): State<AppState>,
    TaskPath(id): TaskPath,
) -> Result<Json<RelayedTask>, ApiError> {
    Ok(Json(s.hub.relayed_task(&s.federation.hub_name, &id)?))
}

/// Where a task came from and where it was relayed.
pub async fn task_federation(
    State(s): State<AppState>,
    TaskPath(id): TaskPath,
) -> Result<Json<TaskFederation>, ApiError> {
    Ok(Json(s.hub.task_federation(&id)?))
}

/// A peer pushes back the result of a task this hub relayed to it, signed
/// under the relay's secret: applied once, a replay changes nothing, a late
/// one is 409 `stale_lease`, a bad signature 403 `bad_signature`.
pub async fn pushed_result(
    State(s): State<AppState>,
    caller: Caller,
    TaskPath(id): TaskPath,
    signed: SignedJson<RelayResult>,
) -> Result<Json<RelayResultAck>, ApiError> {
    let fence = signed.value.fence;
    let ack = s
        .hub
        .pushed_result(&id, signed.signature.as_deref(), &signed.body, signed.value)
        .await;
    match &ack {
        Ok(a) => {
            tracing::info!(task = %id, fence, applied = a.applied, status = %a.status, by = caller.label(), "federation: result pushed by a peer");
        }
        Err(e) => {
            tracing::info!(task = %id, fence, by = caller.label(), error = %e, "federation: pushed result refused");
        }
    }
    Ok(Json(ack?))
}

/// The hub that offered a task cancelled it (signed under the relay's
/// secret): it is cancelled here too.
pub async fn cancel_relayed(
    State(s): State<AppState>,
    caller: Caller,
    TaskPath(id): TaskPath,
    signed: SignedJson<RelayCancel>,
) -> Result<Json<RelayedTask>, ApiError> {
    let out = s
        .hub
        .cancel_relayed(
            &s.federation.hub_name,
            &id,
            signed.signature.as_deref(),
            &signed.body,
            signed.value,
        )
        .await?;
    tracing::info!(task = %id, status = %out.status, by = caller.label(), "federation: relayed task cancelled by the hub that offered it");
    Ok(Json(out))
}

/// A task a peer offered: its provenance chain, verified under this hub's
/// key (for the peer to show its operator).
pub async fn relayed_provenance(
    State(s): State<AppState>,
    TaskPath(id): TaskPath,
) -> Result<Json<ProvenanceReport>, ApiError> {
    Ok(Json(s.hub.relayed_provenance(&id)?))
}

/// Ask the peer that produced a relayed result to verify its own chain.
pub async fn peer_provenance(
    State(s): State<AppState>,
    TaskPath(id): TaskPath,
) -> Result<Json<PeerProvenance>, ApiError> {
    Ok(Json(
        crate::federation::ask_peer(&s.hub, &s.federation, &id).await?,
    ))
}
