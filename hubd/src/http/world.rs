//! World model endpoints (ARCHITECTURE.md, "World model"): thin handlers over `domain::world`.

use axum::Json;
use axum::extract::State;
use m3shd_api::{EntityDetail, EntityList, EntityQuery, RelationList, RelationQuery};

use super::error::ApiError;
use super::extract::{ApiPath, ApiQuery};
use super::state::AppState;

pub async fn entities(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<EntityQuery>,
) -> Result<Json<EntityList>, ApiError> {
    Ok(Json(EntityList {
        entities: s.hub.world_entities(&q)?,
    }))
}

pub async fn entity(
    State(s): State<AppState>,
    ApiPath(key): ApiPath<String>,
) -> Result<Json<EntityDetail>, ApiError> {
    Ok(Json(s.hub.world_entity(&key)?))
}

pub async fn relations(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<RelationQuery>,
) -> Result<Json<RelationList>, ApiError> {
    Ok(Json(RelationList {
        relations: s.hub.world_relations(&q)?,
    }))
}
