//! The world model (ARCHITECTURE.md, "World model"): entities and relations
//! taken from task outputs, searched by name.

use m3shd_api::{
    Entity, EntityDetail, EntityList, EntityQuery, Relation, RelationList, RelationQuery,
};
use reqwest::Method;

use crate::http::seg;
use crate::{Client, ClientError};

impl Client {
    /// Entities whose name contains `q.q` from the start of a word, most
    /// mentioned first (without `q`: most recently seen first).
    pub async fn world_entities(&self, q: &EntityQuery) -> Result<Vec<Entity>, ClientError> {
        let list: EntityList = self
            .send(self.request(Method::GET, "/api/world/entities").query(q))
            .await?;
        Ok(list.entities)
    }

    /// One entity by id or name, with its relations and source tasks.
    pub async fn world_entity(&self, key: &str) -> Result<EntityDetail, ClientError> {
        self.get(&format!("/api/world/entities/{}", seg(key))).await
    }

    /// Relations touching an entity (id or name) and of a type, heaviest first.
    pub async fn world_relations(&self, q: &RelationQuery) -> Result<Vec<Relation>, ClientError> {
        let list: RelationList = self
            .send(self.request(Method::GET, "/api/world/relations").query(q))
            .await?;
        Ok(list.relations)
    }
}
