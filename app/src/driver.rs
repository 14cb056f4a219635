//! Runs the app core for a shell: events in, the view model and effects
//! out through [`Shell`], tasks on a tokio runtime, their results fed back.
//! vidi-ffi wraps it for Kotlin and Swift; the Rust tests drive it the same way.

use std::cell::Cell;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::sync::Notify;

use crate::app::{App, Msg, Outgoing};
use crate::effect::Effect;
use crate::event::Event;
use crate::view::ViewModel;

thread_local! {
    /// Set while this thread is inside `Shell::render`.
    static RENDERING: Cell<bool> = const { Cell::new(false) };
}

/// Clears [`RENDERING`] however `render` returns.
struct Rendering;

impl Rendering {
    fn start() -> Self {
        RENDERING.with(|r| r.set(true));
        Self
    }
}

impl Drop for Rendering {
    fn drop(&mut self) {
        RENDERING.with(|r| r.set(false));
    }
}

/// What the shell does for the core.
pub trait Shell: Send + Sync {
    /// Draw this (after every event and every task's result). Views arrive
    /// in the order the core made them, one at a time; an event sent from
    /// inside `render` is handled right after it returns.
    fn render(&self, view: ViewModel);
    /// Do this once.
    fn perform(&self, effect: Effect);
}

/// The app core with its runtime: thread-safe, one per app.
pub struct Core {
    app: Mutex<App>,
    shell: Arc<dyn Shell>,
    runtime: Handle,
    running: AtomicUsize,
    idle: Notify,
    deferred: Mutex<VecDeque<Msg>>,
}

impl Core {
    /// `app` driven for `shell`, its tasks on `runtime`.
    pub fn new(app: App, shell: Arc<dyn Shell>, runtime: Handle) -> Arc<Self> {
        Arc::new(Self {
            app: Mutex::new(app),
            shell,
            runtime,
            running: AtomicUsize::new(0),
            idle: Notify::new(),
            deferred: Mutex::new(VecDeque::new()),
        })
    }

    /// Handles the shell's `event`: updates, renders, performs the effects
    /// and starts the tasks it asked for. Returns at once.
    pub fn send(self: &Arc<Self>, event: Event) {
        self.process(Msg::Event(event));
    }

    /// What the shell should draw now.
    pub fn view(&self) -> Option<ViewModel> {
        self.app.lock().ok().map(|app| app.view())
    }

    /// Runs `f` on the app (tests read its stack).
    pub fn inspect<T>(&self, f: impl FnOnce(&App) -> T) -> Option<T> {
        self.app.lock().ok().map(|app| f(&app))
    }

    fn process(self: &Arc<Self>, msg: Msg) {
        if RENDERING.with(Cell::get) {
            // Sent from inside `render`, which holds the app: after it.
            if let Ok(mut deferred) = self.deferred.lock() {
                deferred.push_back(msg);
            }
            return;
        }
        // The view is rendered while the app is held, so views made by two
        // threads (an event and a task's result) reach the shell in order.
        let out = {
            let Ok(mut app) = self.app.lock() else {
                return;
            };
            let out = app.update(msg);
            let view = app.view();
            let _rendering = Rendering::start();
            self.shell.render(view);
            out
        };
        self.perform(out);
        loop {
            let next = self.deferred.lock().ok().and_then(|mut d| d.pop_front());
            match next {
                Some(msg) => self.process(msg),
                None => break,
            }
        }
    }

    fn perform(self: &Arc<Self>, out: Vec<Outgoing>) {
        for item in out {
            match item {
                Outgoing::Effect(effect) => self.shell.perform(effect),
                Outgoing::Task(work) => {
                    self.running.fetch_add(1, Ordering::SeqCst);
                    let core = Arc::clone(self);
                    self.runtime.spawn(async move {
                        let msg = work.await;
                        core.process(msg);
                        core.task_ended();
                    });
                }
                Outgoing::Stream {
                    epoch,
                    mut receiver,
                } => {
                    self.running.fetch_add(1, Ordering::SeqCst);
                    let core = Arc::clone(self);
                    self.runtime.spawn(async move {
                        while let Some(done) = receiver.recv().await {
                            core.process(Msg::Done { epoch, done });
                        }
                        core.task_ended();
                    });
                }
            }
        }
    }

    fn task_ended(&self) {
        if self.running.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.idle.notify_waiters();
        }
    }

    /// Tasks running now.
    pub fn tasks_running(&self) -> usize {
        self.running.load(Ordering::SeqCst)
    }

    /// Waits until no task runs (each one's result handled), at most `limit`;
    /// whether it got there.
    pub async fn settle(&self, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let notified = self.idle.notified();
            if self.running.load(Ordering::SeqCst) == 0 {
                return true;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return self.running.load(Ordering::SeqCst) == 0;
            }
        }
    }
}
