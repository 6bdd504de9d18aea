//! How hard the store works to keep a committed write.

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Durability {
    /// WAL + `synchronous=NORMAL`: survives a crash of the hub process.
    #[default]
    Normal,
    /// WAL + `synchronous=FULL`: also survives power loss, at an fsync per commit.
    Full,
}
