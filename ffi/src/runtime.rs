//! The async runtime: one multi-thread tokio runtime owned by this crate,
//! started on the first async call, for issuance and verifier sync (core's
//! HTTP client needs tokio's reactor and timers).
//!
//! Every async export spawns its work here and awaits the task; the foreign
//! side (Kotlin coroutines, Swift tasks) polls only the join handle, which
//! needs no runtime. Dropping the foreign future (cancelling the coroutine
//! or the task) aborts the spawned task at its next await point, and a
//! panic in a task comes back as `VidiError::Other` instead of crossing
//! the boundary.

use std::future::Future;
use std::sync::OnceLock;

use tokio::runtime::Runtime;
use tokio::task::AbortHandle;

use crate::error::VidiError;

static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();

pub(crate) fn runtime() -> Result<&'static Runtime, VidiError> {
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("vidi-io")
                .enable_all()
                .build()
                .map_err(|e| format!("cannot start the async runtime: {e}"))
        })
        .as_ref()
        .map_err(|e| VidiError::other(e.clone()))
}

/// Aborts the task when the awaiting future is dropped (a no-op once the
/// task has finished).
struct AbortOnDrop(AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Runs `future` on the runtime and waits for it.
pub(crate) async fn run<F, T>(future: F) -> Result<T, VidiError>
where
    F: Future<Output = Result<T, VidiError>> + Send + 'static,
    T: Send + 'static,
{
    let task = runtime()?.spawn(future);
    let _abort = AbortOnDrop(task.abort_handle());
    match task.await {
        Ok(result) => result,
        Err(e) if e.is_cancelled() => Err(VidiError::cancelled()),
        Err(_) => Err(VidiError::other("internal error: the task panicked")),
    }
}

/// Whether this thread is inside a tokio runtime (a worker of ours, or a
/// foreign callback made from one), where blocking on a lock must not happen.
pub(crate) fn in_async_context() -> bool {
    tokio::runtime::Handle::try_current().is_ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    /// Polls `future` from a thread outside the runtime, as the foreign side does.
    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn a_panicking_task_is_an_error() {
        let result: Result<(), VidiError> = block_on(run(async {
            if std::hint::black_box(true) {
                panic!("boom");
            }
            Ok(())
        }));
        assert!(matches!(result, Err(VidiError::Other { .. })));
    }

    #[test]
    fn dropping_the_future_aborts_the_task() {
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let future = run(async move {
            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
            let _ = tx.send(());
            Ok(())
        });
        // Poll once so the task is spawned, then drop.
        block_on(async {
            let mut future = std::pin::pin!(future);
            let _ = tokio::time::timeout(std::time::Duration::from_millis(20), &mut future).await;
        });
        // The task was aborted: its sender is dropped without sending.
        assert_eq!(
            rx.recv_timeout(std::time::Duration::from_secs(5)),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected)
        );
    }
}
