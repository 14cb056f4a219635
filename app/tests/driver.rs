//! The driver: an event the shell sends from inside `render` is handled
//! right after that render (no deadlock, nothing lost), and every view
//! reaches the shell in the order the core made it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

use vidi_app::{App, Core, Effect, Event, Language, Platform, Shell, SystemClock, ViewModel};
use vidi_core::store::MemoryKeyProvider;

#[derive(Default)]
struct Echo {
    core: OnceLock<Weak<Core>>,
    languages: Mutex<Vec<Language>>,
}

impl Shell for Echo {
    fn render(&self, view: ViewModel) {
        let first = {
            let mut seen = self.languages.lock().unwrap();
            seen.push(view.language);
            seen.len() == 1
        };
        if first && let Some(core) = self.core.get().and_then(Weak::upgrade) {
            // A shell that answers its first frame at once.
            core.send(Event::SetLanguage {
                language: Language::Vietnamese,
            });
        }
    }
    fn perform(&self, _effect: Effect) {}
}

#[test]
fn an_event_sent_from_inside_render_follows_it() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let platform = Platform {
        pin_work_factor: Some(2),
        ..Platform::software(
            dir.path().to_path_buf(),
            Arc::new(MemoryKeyProvider::generate()),
            Arc::new(SystemClock),
        )
    };
    let shell = Arc::new(Echo::default());
    let core = Core::new(
        App::new(platform, Language::English),
        shell.clone(),
        runtime.handle().clone(),
    );
    shell.core.set(Arc::downgrade(&core)).unwrap();

    let sender = {
        let core = core.clone();
        std::thread::spawn(move || core.send(Event::Start))
    };
    sender.join().unwrap();
    let settled = runtime.block_on({
        let core = core.clone();
        async move { core.settle(Duration::from_secs(10)).await }
    });
    assert!(settled);
    assert_eq!(
        *shell.languages.lock().unwrap(),
        [Language::English, Language::Vietnamese]
    );
    assert_eq!(core.view().unwrap().language, Language::Vietnamese);
}
