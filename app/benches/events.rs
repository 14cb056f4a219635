//! The app core's event benchmark: `cargo bench -p vidi-app --bench events`.
//!
//! The time from `Core::send(event)` to the shell's `render` of the view
//! model it makes, in Rust, for events with no signing and no network:
//! opening a document's card and going back, re-reading the documents list,
//! an activity-log filter, a tick, a language switch. The same events go
//! through the Kotlin bindings in `AppCoreBench.kt`
//! (`scripts/kotlin-bench.sh`); the two medians side by side give the
//! bindings' share. A wallet with the reference citizen's three documents,
//! on disk in a temp dir, software keys. Prints a Markdown table of medians.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use vidi_app::screens::documents::DocumentsEvent;
use vidi_app::screens::log::LogEvent;
use vidi_app::screens::setup::SetupEvent;
use vidi_app::screens::unlock::UnlockEvent;
use vidi_app::{
    App, Core, Effect, Event, Language, Platform, Route, ScreenView, Shell, SystemClock,
    UnlockMethod, ViewModel,
};
use vidi_core::sample::test_issuer;
use vidi_core::store::{CitizenDocuments, MemoryKeyProvider, Wallet};

#[derive(Default)]
struct Timed {
    rendered: Mutex<Option<(Instant, ViewModel)>>,
}

impl Shell for Timed {
    fn render(&self, view: ViewModel) {
        *self.rendered.lock().unwrap() = Some((Instant::now(), view));
    }
    fn perform(&self, _effect: Effect) {}
}

struct Bench {
    core: Arc<Core>,
    shell: Arc<Timed>,
    runtime: tokio::runtime::Runtime,
}

impl Bench {
    fn settle(&self) {
        let core = self.core.clone();
        assert!(
            self.runtime
                .block_on(async move { core.settle(Duration::from_secs(30)).await })
        );
    }

    /// Sends `event`; the time to its render.
    fn send(&self, event: Event) -> Duration {
        let start = Instant::now();
        self.core.send(event);
        let (at, _) = self.shell.rendered.lock().unwrap().take().unwrap();
        at - start
    }

    fn view(&self) -> ViewModel {
        self.core.view().unwrap()
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let dir = tempfile::tempdir().unwrap();
    let key = MemoryKeyProvider::generate();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let platform = Platform {
        biometric_available: true,
        pin_work_factor: Some(2),
        ..Platform::software(
            dir.path().to_path_buf(),
            Arc::new(key.clone()),
            Arc::new(SystemClock),
        )
    };
    let shell = Arc::new(Timed::default());
    let core = Core::new(
        App::new(platform, Language::English),
        shell.clone(),
        runtime.handle().clone(),
    );
    let bench = Bench {
        core,
        shell,
        runtime,
    };

    // A wallet unlocked by the platform key, holding three documents.
    bench.send(Event::Start);
    bench.send(Event::Setup {
        event: SetupEvent::Method {
            method: UnlockMethod::Biometric,
        },
    });
    bench.send(Event::Setup {
        event: SetupEvent::Finish {
            pin: String::new(),
            confirm: String::new(),
        },
    });
    bench.settle();
    bench.send(Event::Lock);
    bench.settle();
    {
        let mut wallet = Wallet::open(dir.path().join("wallet.db")).unwrap();
        wallet.unlock(&key).unwrap();
        wallet
            .add_sample_citizen(
                &test_issuer().unwrap(),
                CitizenDocuments::reference().unwrap(),
                time::OffsetDateTime::now_utc(),
            )
            .unwrap();
    }
    bench.send(Event::Unlock {
        event: UnlockEvent::Biometric {
            ok: true,
            cancelled: false,
        },
    });
    bench.settle();
    let ScreenView::Documents { view } = bench.view().screen else {
        panic!("not on the documents")
    };
    let id = view.items[0].id.clone();

    let mut open = Vec::new();
    let mut back = Vec::new();
    let mut refresh = Vec::new();
    let mut tick = Vec::new();
    let mut language = Vec::new();
    for i in 0..rounds {
        open.push(bench.send(Event::Open {
            route: Route::DocumentDetail { id: id.clone() },
        }));
        bench.settle();
        back.push(bench.send(Event::Back));
        bench.settle();
        refresh.push(bench.send(Event::Documents {
            event: DocumentsEvent::Refresh,
        }));
        bench.settle();
        tick.push(bench.send(Event::Tick));
        let to = if i % 2 == 0 {
            Language::Vietnamese
        } else {
            Language::English
        };
        language.push(bench.send(Event::SetLanguage { language: to }));
    }
    bench.send(Event::Open {
        route: Route::ActivityLog,
    });
    bench.settle();
    let mut filter = Vec::new();
    for i in 0..rounds {
        let event = if i % 2 == 0 {
            Some(vidi_app::screens::log::ActivityKind::Presented)
        } else {
            None
        };
        filter.push(bench.send(Event::Log {
            event: LogEvent::SetFilter { event },
        }));
        bench.settle();
    }

    println!("| event (Rust, `Core::send` to `render`) | median |");
    println!("|---|---|");
    for (name, samples) in [
        ("Open a document's card", open),
        ("Back to the list", back),
        ("Documents: Refresh", refresh),
        ("Tick", tick),
        ("SetLanguage", language),
        ("Activity log: SetFilter", filter),
    ] {
        println!("| {name} | {} |", us(median(samples)));
    }
    println!(
        "\n{rounds} rounds; the documents list and the log are read again by tasks after each render."
    );
}
