//! Writes as the store queues them: the domain's closure, type-erased, and
//! what becomes of its result once the batch it ran in commits.

use tokio::sync::oneshot;

use super::error::StoreError;
use super::tx::Tx;

/// Whether an operation's changes stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Keep,
    /// Undo everything it did, its events included; the batch goes on.
    Undo,
}

/// One queued operation. A backend runs each in a savepoint of its own
/// inside a batch transaction, keeps or undoes it by its verdict, and
/// calls `finish` once the batch committed (or failed).
pub trait Op: Send {
    fn run(&mut self, tx: &mut Tx<'_>) -> Verdict;
    fn finish(self: Box<Self>, committed: Result<(), &StoreError>);
    /// Nobody waits for this one: it may wait for company rather than
    /// cost a commit of its own.
    fn deferred(&self) -> bool {
        false
    }
}

/// A write whose caller waits for its result (`Store::write`).
pub(super) struct TypedOp<F, T, E> {
    f: Option<F>,
    result: Option<Result<T, E>>,
    reply: oneshot::Sender<Result<T, E>>,
}

impl<F, T, E> TypedOp<F, T, E> {
    pub(super) fn new(f: F, reply: oneshot::Sender<Result<T, E>>) -> Self {
        TypedOp {
            f: Some(f),
            result: None,
            reply,
        }
    }
}

impl<F, T, E> Op for TypedOp<F, T, E>
where
    F: FnOnce(&mut Tx<'_>) -> Result<T, E> + Send,
    T: Send,
    E: From<StoreError> + Send,
{
    fn run(&mut self, tx: &mut Tx<'_>) -> Verdict {
        let Some(f) = self.f.take() else {
            return Verdict::Keep;
        };
        let result = f(tx);
        let verdict = match &result {
            Ok(_) => Verdict::Keep,
            Err(_) => Verdict::Undo,
        };
        self.result = Some(result);
        verdict
    }

    fn finish(self: Box<Self>, committed: Result<(), &StoreError>) {
        let result = match (committed, self.result) {
            (Ok(()), Some(r)) => r,
            // The operation's own refusal stands even if the batch failed:
            // it wrote nothing either way.
            (Err(_), Some(Err(e))) => Err(e),
            (Err(e), _) => Err(E::from(e.retold())),
            (Ok(()), None) => Err(E::from(StoreError::Commit("operation did not run".into()))),
        };
        // The caller may have gone away (client disconnected): nothing to do.
        let _ = self.reply.send(result);
    }
}

/// A fire-and-forget write (`Store::write_later`). A failure is logged and
/// undoes only this operation.
pub(super) struct DeferredOp<F> {
    what: &'static str,
    f: Option<F>,
}

impl<F> DeferredOp<F> {
    pub(super) fn new(what: &'static str, f: F) -> Self {
        DeferredOp { what, f: Some(f) }
    }
}

impl<F> Op for DeferredOp<F>
where
    F: FnOnce(&mut Tx<'_>) -> Result<(), StoreError> + Send,
{
    fn run(&mut self, tx: &mut Tx<'_>) -> Verdict {
        let Some(f) = self.f.take() else {
            return Verdict::Keep;
        };
        match f(tx) {
            Ok(()) => Verdict::Keep,
            Err(e) => {
                tracing::error!(what = self.what, error = %e, "background write failed");
                Verdict::Undo
            }
        }
    }

    fn finish(self: Box<Self>, committed: Result<(), &StoreError>) {
        if let Err(e) = committed {
            tracing::error!(what = self.what, error = %e, "background write lost with its batch");
        }
    }

    fn deferred(&self) -> bool {
        true
    }
}
