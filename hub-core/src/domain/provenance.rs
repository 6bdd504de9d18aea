//! Provenance (ARCHITECTURE.md, "Security model"): each task result is signed with HMAC-SHA256 in the
//! transaction that records it, chained to its parents' signatures; the
//! check recomputes every hash and signature from what is stored now. The
//! signed message and the chaining rule are documented on the wire types
//! (`m3shd_api::provenance`).

use std::collections::{HashMap, HashSet};

use chrono::SecondsFormat;
use hmac::digest::{Key, KeyInit};
use hmac::{Hmac, Mac};
use m3shd_api::{GENESIS, ProvenanceLink, ProvenanceReport, Task, TaskId, TaskStatus, Timestamp};
use rand::Rng;
use sha2::{Digest, Sha256};

use super::task_ids::not_found;
use super::{Ctx, DomainError, Hub};
use crate::store::{LinkRow, Queries, StoreError};

type HmacSha256 = Hmac<Sha256>;

pub const KEY_BYTES: usize = 32;

/// Ancestors a check walks at most (a guard against a pathological graph,
/// far beyond any real pipeline).
const MAX_CHAIN: usize = 10_000;

/// The hub's signing key. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct ProvenanceKey([u8; KEY_BYTES]);

impl std::fmt::Debug for ProvenanceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProvenanceKey(<redacted>)")
    }
}

impl ProvenanceKey {
    /// A fresh random key (32 bytes from the OS-seeded CSPRNG).
    pub fn random() -> ProvenanceKey {
        ProvenanceKey(rand::rng().random())
    }

    /// Exactly 64 hex digits (surrounding whitespace ignored).
    pub fn from_hex(s: &str) -> Result<ProvenanceKey, String> {
        let bytes = hex::decode(s.trim()).map_err(|_| "not hexadecimal".to_string())?;
        let key: [u8; KEY_BYTES] = bytes
            .try_into()
            .map_err(|_| format!("must be {} hex digits ({KEY_BYTES} bytes)", KEY_BYTES * 2))?;
        Ok(ProvenanceKey(key))
    }

    /// For the key file only.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// A tag that tells two keys apart without revealing either: replicas
    /// sharing a database compare it to make sure they sign alike.
    pub fn fingerprint(&self) -> String {
        let mut block = Key::<HmacSha256>::default();
        block[..KEY_BYTES].copy_from_slice(&self.0);
        let mut mac = <HmacSha256 as KeyInit>::new(&block);
        mac.update(b"m3shd replica key check");
        hex::encode(mac.finalize().into_bytes())
    }

    /// A secret for one `purpose`, derived from this key (HMAC-SHA256 of
    /// the purpose, hex): unpredictable without the key, the same on every
    /// replica sharing it, and never stored.
    pub fn derive(&self, purpose: &str) -> String {
        let mut block = Key::<HmacSha256>::default();
        block[..KEY_BYTES].copy_from_slice(&self.0);
        let mut mac = <HmacSha256 as KeyInit>::new(&block);
        mac.update(b"m3shd derived secret|");
        mac.update(purpose.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    fn mac(&self, f: &Fields<'_>) -> HmacSha256 {
        // HMAC zero-pads a key shorter than the hash's block, so this is
        // HMAC under the 32-byte key, through the constructor that takes a
        // block-sized key and so cannot fail.
        let mut block = Key::<HmacSha256>::default();
        block[..KEY_BYTES].copy_from_slice(&self.0);
        let mut mac = <HmacSha256 as KeyInit>::new(&block);
        mac.update(message(f).as_bytes());
        mac
    }

    /// Hex HMAC-SHA256 of the link's fields.
    pub fn sign(&self, f: &Fields<'_>) -> String {
        hex::encode(self.mac(f).finalize().into_bytes())
    }

    /// Whether `signature` (hex) is this key's signature of `f`; compared
    /// in constant time.
    pub fn verify(&self, f: &Fields<'_>, signature: &str) -> bool {
        match hex::decode(signature) {
            Ok(sig) => self.mac(f).verify_slice(&sig).is_ok(),
            Err(_) => false,
        }
    }
}

/// What a signature covers.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    pub prev_hash: &'a str,
    pub signed_at: Timestamp,
    pub agent_id: &'a str,
    pub task_id: &'a str,
    pub output_hash: &'a str,
}

/// `prev_hash|timestamp|agent_id|task_id|output_hash`: a separator none of
/// the fields can contain keeps the concatenation unambiguous.
pub fn message(f: &Fields<'_>) -> String {
    format!(
        "{}|{}|{}|{}|{}",
        f.prev_hash,
        f.signed_at.to_rfc3339_opts(SecondsFormat::Micros, true),
        f.agent_id,
        f.task_id,
        f.output_hash
    )
}

/// Hex SHA-256 of an output.
pub fn output_hash(output: &str) -> String {
    hex::encode(Sha256::digest(output.as_bytes()))
}

/// The `prev_hash` of a link whose parents carry these signatures: genesis
/// for none, the signature itself for one, and for several the SHA-256 of
/// the sorted signatures concatenated (so the order the parents were given
/// in does not matter).
pub fn prev_hash(mut parent_signatures: Vec<String>) -> String {
    match parent_signatures.len() {
        0 => GENESIS.to_string(),
        1 => parent_signatures.remove(0),
        _ => {
            parent_signatures.sort();
            let mut h = Sha256::new();
            for s in &parent_signatures {
                h.update(s.as_bytes());
            }
            hex::encode(h.finalize())
        }
    }
}

/// The tasks `task` chains from: its dependencies, then the task it
/// continues after a handoff.
fn parents_of(q: &dyn Queries, task: &Task) -> Result<Vec<String>, StoreError> {
    let mut parents = q.tasks().parents(&task.id)?;
    if let Some(c) = &task.continues
        && !parents.contains(c)
    {
        parents.push(c.clone());
    }
    Ok(parents)
}

/// Sign `task`'s result (done, or suspended with its partial output) in the
/// transaction that records it. A parent without a link (finished before
/// this hub signed results) counts as genesis, and the check says so.
pub(crate) fn sign_result(cx: &mut Ctx<'_, '_>, task: &Task) -> Result<(), DomainError> {
    let mut sigs = Vec::new();
    for p in parents_of(&*cx.tx, task)? {
        sigs.push(
            cx.tx
                .provenance()
                .signature(&p)?
                .unwrap_or_else(|| GENESIS.to_string()),
        );
    }
    // A result a peer returned chains from the peer's signature as from
    // one more parent.
    if let Some(f) = cx.tx.provenance().federated_link(&task.id)? {
        sigs.push(f.link.signature);
    }
    let prev = prev_hash(sigs);
    let out = output_hash(task.output.as_deref().unwrap_or(""));
    let agent = task.assigned_to.clone().unwrap_or_default();
    let signed_at = cx.tx.now();
    let fields = Fields {
        prev_hash: &prev,
        signed_at,
        agent_id: &agent,
        task_id: &task.id,
        output_hash: &out,
    };
    let signature = cx.provenance.sign(&fields);
    cx.tx.provenance().insert(&LinkRow {
        task_id: task.id.clone(),
        prev_hash: prev,
        signed_at,
        agent_id: agent,
        output_hash: out,
        signature,
    })?;
    Ok(())
}

impl LinkRow {
    fn fields(&self) -> Fields<'_> {
        Fields {
            prev_hash: &self.prev_hash,
            signed_at: self.signed_at,
            agent_id: &self.agent_id,
            task_id: &self.task_id,
            output_hash: &self.output_hash,
        }
    }
}

/// One task of the chain as stored now.
struct Node {
    task: Task,
    link: Option<LinkRow>,
    parents: Vec<String>,
    /// The link a peer signed for the result it returned.
    federated: Option<m3shd_api::FederatedLink>,
}

/// The task and its ancestors, parents before children, the task last.
fn collect(q: &dyn Queries, id: &str) -> Result<Vec<Node>, DomainError> {
    let mut nodes: HashMap<String, Node> = HashMap::new();
    let mut todo = vec![id.to_string()];
    while let Some(t) = todo.pop() {
        if nodes.contains_key(&t) {
            continue;
        }
        if nodes.len() >= MAX_CHAIN {
            return Err(DomainError::Validation(format!(
                "task {id} has more than {MAX_CHAIN} ancestors; too many to verify"
            )));
        }
        let task = q.tasks().get(&t)?.ok_or_else(|| not_found(&t))?.into_api();
        let parents = parents_of(q, &task)?;
        todo.extend(parents.iter().cloned());
        let link = q.provenance().link(&t)?;
        let federated = q.provenance().federated_link(&t)?.map(|f| f.link);
        nodes.insert(
            t,
            Node {
                task,
                link,
                parents,
                federated,
            },
        );
    }
    // Depth-first post-order from the task: every parent before its
    // children, deterministic for a given graph.
    let mut order = Vec::with_capacity(nodes.len());
    let mut placed: HashSet<String> = HashSet::new();
    let mut stack: Vec<(String, bool)> = vec![(id.to_string(), false)];
    while let Some((t, expanded)) = stack.pop() {
        if placed.contains(&t) {
            continue;
        }
        if expanded {
            placed.insert(t.clone());
            order.push(t);
            continue;
        }
        stack.push((t.clone(), true));
        if let Some(n) = nodes.get(&t) {
            for p in n.parents.iter().rev() {
                if !placed.contains(p) {
                    stack.push((p.clone(), false));
                }
            }
        }
    }
    Ok(order.into_iter().filter_map(|t| nodes.remove(&t)).collect())
}

/// Check one link against the stored output, its parents' links and the key.
fn check(key: &ProvenanceKey, node: &Node, links: &HashMap<String, String>) -> Result<(), String> {
    let t = &node.task;
    let Some(l) = &node.link else {
        return Err(format!(
            "task {} is {} but has no provenance link (removed, or finished before results were signed)",
            t.id, t.status
        ));
    };
    if output_hash(t.output.as_deref().unwrap_or("")) != l.output_hash {
        return Err(format!(
            "the stored output of task {} no longer matches the hash it was signed with (changed after signing)",
            t.id
        ));
    }
    let mut sigs = Vec::with_capacity(node.parents.len() + 1);
    for p in &node.parents {
        match links.get(p) {
            Some(s) => sigs.push(s.clone()),
            None => return Err(format!("parent task {p} has no provenance link")),
        }
    }
    if let Some(f) = &node.federated {
        if f.output_hash != l.output_hash {
            return Err(format!(
                "the output of task {} is not the output peer hub {} signed for its task {}",
                t.id, f.hub, f.task_id
            ));
        }
        sigs.push(f.signature.clone());
    }
    if prev_hash(sigs) != l.prev_hash {
        return Err(if node.federated.is_some() {
            format!(
                "prev_hash of task {} does not follow from the signatures of its parents and \
                 of the peer's link it was relayed back with",
                t.id
            )
        } else if node.parents.is_empty() {
            format!(
                "task {} has no parents but its prev_hash is not genesis",
                t.id
            )
        } else {
            format!(
                "prev_hash of task {} does not follow from the signatures of its parents ({})",
                t.id,
                node.parents.join(", ")
            )
        });
    }
    if l.task_id != t.id || !key.verify(&l.fields(), &l.signature) {
        return Err(format!(
            "the signature of task {} does not verify under this hub's provenance key (the link was altered, or the key changed)",
            t.id
        ));
    }
    if t.assigned_to.as_deref().unwrap_or("") != l.agent_id {
        return Err(format!(
            "task {} was signed for agent `{}` but now names agent `{}`",
            t.id,
            l.agent_id,
            t.assigned_to.as_deref().unwrap_or("")
        ));
    }
    Ok(())
}

/// Verify a chain read from the store with `key`.
pub fn verify(
    key: &ProvenanceKey,
    q: &dyn Queries,
    id: &str,
) -> Result<ProvenanceReport, DomainError> {
    let task = q.tasks().get(id)?.ok_or_else(|| not_found(id))?.into_api();
    if !matches!(task.status, TaskStatus::Done | TaskStatus::Suspended) {
        return Err(DomainError::InvalidTransition(format!(
            "task {id} is {}; its result is signed when it is done",
            task.status
        )));
    }
    let nodes = collect(q, id)?;
    let links: HashMap<String, String> = nodes
        .iter()
        .filter_map(|n| {
            n.link
                .as_ref()
                .map(|l| (n.task.id.clone(), l.signature.clone()))
        })
        .collect();
    let mut chain = Vec::with_capacity(nodes.len());
    let mut first_bad: Option<(String, String)> = None;
    for n in &nodes {
        let problem = check(key, n, &links).err();
        if let (None, Some(p)) = (&first_bad, &problem) {
            first_bad = Some((n.task.id.clone(), p.clone()));
        }
        let l = n.link.as_ref();
        chain.push(ProvenanceLink {
            task_id: n.task.id.clone(),
            agent_id: l.map(|l| l.agent_id.clone()).unwrap_or_default(),
            timestamp: l.map(|l| l.signed_at),
            output_hash: l.map(|l| l.output_hash.clone()).unwrap_or_default(),
            prev_hash: l.map(|l| l.prev_hash.clone()).unwrap_or_default(),
            signature: l.map(|l| l.signature.clone()).unwrap_or_default(),
            message: l.map(|l| message(&l.fields())).unwrap_or_default(),
            parents: n.parents.clone(),
            valid: problem.is_none(),
            problem,
            federated: n.federated.clone(),
        });
    }
    let (first_bad, reason) = match first_bad {
        Some((t, r)) => (Some(t), Some(r)),
        None => (None, None),
    };
    Ok(ProvenanceReport {
        task_id: id.to_string(),
        verified: first_bad.is_none(),
        chain,
        first_bad,
        reason,
    })
}

impl Hub {
    /// The provenance chain of a finished task, checked.
    pub fn provenance(&self, id: &TaskId) -> Result<ProvenanceReport, DomainError> {
        let key = self.provenance.clone();
        self.read(|r| verify(&key, r, id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(prev: &'a str, out: &'a str) -> Fields<'a> {
        Fields {
            prev_hash: prev,
            signed_at: chrono::DateTime::from_timestamp_micros(1_700_000_000_123_456)
                .unwrap_or_default(),
            agent_id: "rex",
            task_id: "t1",
            output_hash: out,
        }
    }

    #[test]
    fn the_signed_message_is_the_five_fields_in_order() {
        assert_eq!(
            message(&fields(GENESIS, "ab")),
            format!("{GENESIS}|2023-11-14T22:13:20.123456Z|rex|t1|ab")
        );
    }

    #[test]
    fn signatures_are_hmac_sha256_and_depend_on_the_key() {
        // RFC 4231 test case 2: key "Jefe", "what do ya want for nothing?".
        let mut mac = <HmacSha256 as Mac>::new_from_slice(b"Jefe").expect("key");
        mac.update(b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(mac.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        let k = ProvenanceKey::from_hex(&"11".repeat(32)).expect("key");
        let hello = output_hash("hello");
        let f = fields(GENESIS, &hello);
        let sig = k.sign(&f);
        let mut plain = <HmacSha256 as Mac>::new_from_slice(&[0x11; 32]).expect("key");
        plain.update(message(&f).as_bytes());
        assert_eq!(sig, hex::encode(plain.finalize().into_bytes()));
        assert_eq!(sig.len(), 64);
        assert!(k.verify(&f, &sig));
        let changed = output_hash("hellO");
        assert!(!k.verify(&fields(GENESIS, &changed), &sig));
        let other = ProvenanceKey::from_hex(&"22".repeat(32)).expect("key");
        assert!(!other.verify(&f, &sig));
        assert!(!k.verify(&f, "not hex"));
    }

    #[test]
    fn prev_hash_rules() {
        assert_eq!(prev_hash(vec![]), GENESIS);
        assert_eq!(prev_hash(vec!["aa".into()]), "aa");
        let ab = prev_hash(vec!["aa".into(), "bb".into()]);
        assert_eq!(ab, prev_hash(vec!["bb".into(), "aa".into()]));
        assert_eq!(ab, hex::encode(Sha256::digest(b"aabb")));
    }

    #[test]
    fn keys_parse_from_hex_and_never_print() {
        assert!(ProvenanceKey::from_hex("abc").is_err());
        assert!(ProvenanceKey::from_hex(&"zz".repeat(32)).is_err());
        assert!(ProvenanceKey::from_hex(&"ab".repeat(31)).is_err());
        let k = ProvenanceKey::from_hex(&format!(" {}\n", "ab".repeat(32))).expect("key");
        assert_eq!(k.to_hex(), "ab".repeat(32));
        assert!(!format!("{k:?}").contains("abab"));
        assert_ne!(ProvenanceKey::random(), ProvenanceKey::random());
    }
}
