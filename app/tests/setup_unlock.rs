//! First run, unlocking, the lock-out waits across restarts, the lost
//! platform key, biometrics, navigation and the automatic lock: driven by
//! events alone, as the shells drive them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::{PIN, Phone, Recorder, showing};
use vidi_app::screens::setup::SetupEvent;
use vidi_app::screens::unlock::UnlockEvent;
use vidi_app::{
    App, Core, Effect, Event, Language, Lifecycle, ManualClock, Mode, Platform, Route, ScreenView,
    UnlockMethod,
};
use vidi_core::store::{KeyProvider, KeyProviderError, MemoryKeyProvider, Wallet};
use zeroize::Zeroizing;

const LOCAL: &str = "http://localhost:8080";

fn finish(phone: &Phone, pin: &str, confirm: &str) {
    phone.send(Event::Setup {
        event: SetupEvent::Finish {
            pin: pin.into(),
            confirm: confirm.into(),
        },
    });
}

/// The app's settings file, as JSON.
fn settings(phone: &Phone) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(phone.dir.path().join("app-settings.json")).ok()?;
    Some(serde_json::from_str(&text).unwrap())
}

fn stack(phone: &Phone) -> Vec<Route> {
    phone.core.inspect(App::stack).unwrap()
}

fn unlocked(phone: &Phone) -> bool {
    phone.core.inspect(App::is_unlocked).unwrap()
}

fn submit(phone: &Phone, pin: &str) {
    phone.send(Event::Unlock {
        event: UnlockEvent::Submit { pin: pin.into() },
    });
}

#[test]
fn first_run_proposes_the_default_server_and_refuses_weak_pins() {
    let phone = Phone::new(Language::English, LOCAL);
    let view = screen!(phone, Setup);
    assert_eq!(view.server_url, LOCAL);
    assert_eq!(view.pin_length, 6);
    assert!(!view.biometric_available);
    assert!(view.biometric_note.is_some());
    assert!(
        !phone.view().platform.secure_display,
        "first run shows nothing secret"
    );

    for (pin, confirm, words) in [
        ("12345", "12345", "exactly 6 digits"),
        ("111111", "111111", "one digit repeated"),
        ("123456", "123456", "run of digits"),
        ("890123", "890123", "run of digits"),
        ("135790", "135791", "do not match"),
    ] {
        finish(&phone, pin, confirm);
        let view = screen!(phone, Setup);
        let error = view.pin_error.unwrap_or_default();
        assert!(error.contains(words), "{pin}/{confirm}: {error}");
        assert!(!phone.dir.path().join("wallet.db").exists());
    }

    // Biometrics cannot be chosen on a phone without them.
    phone.send(Event::Setup {
        event: SetupEvent::Method {
            method: UnlockMethod::Biometric,
        },
    });
    assert_eq!(screen!(phone, Setup).method, UnlockMethod::Pin);
}

#[test]
fn a_bad_server_url_is_refused_in_words_and_kept() {
    let phone = Phone::new(Language::Vietnamese, LOCAL);
    phone.send(Event::Setup {
        event: SetupEvent::ServerUrl {
            url: "http://example.com".into(),
        },
    });
    finish(&phone, PIN, PIN);
    let view = screen!(phone, Setup);
    assert_eq!(view.server_url, "http://example.com");
    assert!(
        view.server_url_error
            .unwrap()
            .starts_with("Địa chỉ không hợp lệ")
    );
    assert!(!view.busy);
    assert!(!phone.dir.path().join("wallet.db").exists());
    assert!(settings(&phone).is_none(), "no settings saved either");
    phone.send(Event::SetLanguage {
        language: Language::English,
    });
    assert!(
        screen!(phone, Setup)
            .server_url_error
            .unwrap()
            .starts_with("This address is not valid")
    );
}

#[test]
fn first_run_creates_the_wallet_and_opens_the_documents() {
    let phone = Phone::set_up(Language::English, LOCAL);
    let view = phone.view();
    assert_eq!(view.mode, Mode::Citizen);
    assert!(view.platform.secure_display);
    assert!(!view.header.can_go_back);
    let auto_lock = view.auto_lock.unwrap();
    assert_eq!(auto_lock.background_grace_seconds, 30);
    assert!(auto_lock.text.contains("30 seconds"));
    // The settings hold no PIN.
    let settings = std::fs::read_to_string(phone.dir.path().join("app-settings.json")).unwrap();
    assert!(settings.contains(LOCAL) && !settings.contains(PIN));

    // After a restart: the unlock screen, and the right PIN opens.
    let phone = phone.restart();
    assert_eq!(showing(&phone.view()), "unlock");
    assert!(phone.view().auto_lock.is_none());
    submit(&phone, PIN);
    assert_eq!(showing(&phone.view()), "documents");
}

#[test]
fn wrong_pins_count_down_then_waits_double_and_survive_a_restart() {
    let phone = Phone::set_up(Language::English, LOCAL).restart();
    submit(&phone, "12345");
    assert_eq!(screen!(phone, Unlock).error.unwrap(), "Enter all 6 digits.");

    for left in (1..=4).rev() {
        submit(&phone, "246801");
        let view = screen!(phone, Unlock);
        assert_eq!(
            view.error.unwrap(),
            format!("Wrong PIN. {left} tries left before a wait.")
        );
        assert_eq!(view.wait_seconds, 0);
    }
    submit(&phone, "246801");
    let view = screen!(phone, Unlock);
    assert_eq!(
        view.error.as_deref(),
        Some("Too many wrong PINs. Try again in 30 seconds.")
    );
    assert_eq!(view.wait_seconds, 30);
    assert_eq!(view.wait.unwrap(), "Try again in 30 s");
    assert!(!view.can_submit);
    assert_eq!(phone.view().platform.tick_ms, Some(1000));

    // The right PIN is not even tried during the wait.
    submit(&phone, PIN);
    assert_eq!(showing(&phone.view()), "unlock");
    assert!(
        !screen!(phone, Unlock).busy,
        "a PIN was tried during the wait"
    );

    // A restart does not reset the wait: it is sealed in the wallet file.
    let phone = phone.restart();
    assert_eq!(screen!(phone, Unlock).wait_seconds, 30);
    phone.wait(31);
    phone.send(Event::Tick);
    let view = screen!(phone, Unlock);
    assert_eq!(view.wait_seconds, 0);
    assert!(view.can_submit);
    // The next wrong one doubles the wait.
    submit(&phone, "246801");
    let view = screen!(phone, Unlock);
    assert_eq!(view.wait_seconds, 60);
    assert_eq!(
        view.error.as_deref(),
        Some("Too many wrong PINs. Try again in 60 seconds.")
    );
    // A wrong PIN during the wait is neither tried nor counted: the wait
    // would double to 120 s.
    submit(&phone, "246801");
    assert_eq!(screen!(phone, Unlock).wait_seconds, 60);
    phone.wait(61);
    submit(&phone, PIN);
    assert_eq!(showing(&phone.view()), "documents");

    // An unlock resets the count.
    phone.send(Event::Lock);
    submit(&phone, "246801");
    assert_eq!(
        screen!(phone, Unlock).error.unwrap(),
        "Wrong PIN. 4 tries left before a wait."
    );
}

#[test]
fn a_reset_lock_out_record_does_not_give_free_tries() {
    let phone = Phone::set_up(Language::English, LOCAL).restart();
    for _ in 0..3 {
        submit(&phone, "246801");
    }
    // Someone puts back a record of their own, or deletes it: it is not
    // sealed by this phone's key, so it counts as every free try used.
    let dir = phone.dir.path().to_path_buf();
    drop(phone.core.clone());
    let wallet = vidi_core::store::Wallet::open(dir.join("wallet.db")).unwrap();
    wallet
        .set_sealed_app_lock(br#"{"failed":0,"locked_until":null}"#, common::T0)
        .unwrap();
    drop(wallet);
    let phone = phone.restart();
    submit(&phone, "246801");
    assert_eq!(
        screen!(phone, Unlock).wait_seconds,
        60,
        "the sixth wrong PIN's wait"
    );
}

#[test]
fn a_wallet_whose_phone_key_is_gone_leads_to_starting_again() {
    let phone = Phone::set_up(Language::English, LOCAL);
    let phone = phone.restart();
    // The wallet file came back from a device backup onto a phone with another key.
    let Phone {
        dir,
        clock,
        language,
        ..
    } = phone;
    let phone = Phone::boot_on(dir, MemoryKeyProvider::generate(), clock, language);
    submit(&phone, PIN);
    let view = screen!(phone, Unlock);
    assert!(view.key_gone.unwrap().contains("restore a Vidi backup"));
    assert!(view.error.is_none(), "not a wrong PIN");
    assert!(!view.can_submit);

    phone.send(Event::Unlock {
        event: UnlockEvent::StartOver,
    });
    let view = screen!(phone, Unlock);
    assert!(
        view.confirm_start_over
            .unwrap()
            .contains("Delete the wallet")
    );
    phone.send(Event::Unlock {
        event: UnlockEvent::ConfirmStartOver,
    });
    assert_eq!(showing(&phone.view()), "setup");
    assert!(!phone.dir.path().join("wallet.db").exists());
    finish(&phone, PIN, PIN);
    assert_eq!(showing(&phone.view()), "documents");
}

#[test]
fn biometric_unlock_asks_the_platform_and_ignores_a_second_answer() {
    let phone = Phone::with_biometric(Language::English, LOCAL);
    phone.send(Event::Setup {
        event: SetupEvent::Method {
            method: UnlockMethod::Biometric,
        },
    });
    finish(&phone, "", "");
    assert_eq!(showing(&phone.view()), "documents");
    let phone = phone.restart();
    assert!(matches!(
        phone.effects().as_slice(),
        [Effect::BiometricPrompt { .. }]
    ));
    phone.send(Event::Unlock {
        event: UnlockEvent::Biometric {
            ok: false,
            cancelled: true,
        },
    });
    assert_eq!(
        screen!(phone, Unlock).error.unwrap(),
        "Authentication cancelled. Tap to try again."
    );
    phone.send(Event::Unlock {
        event: UnlockEvent::UseBiometric,
    });
    assert!(matches!(
        phone.effects().as_slice(),
        [Effect::BiometricPrompt { .. }]
    ));
    // Two answers in a row (a double callback): one unlock.
    phone.core.send(Event::Unlock {
        event: UnlockEvent::Biometric {
            ok: true,
            cancelled: false,
        },
    });
    phone.core.send(Event::Unlock {
        event: UnlockEvent::Biometric {
            ok: true,
            cancelled: false,
        },
    });
    phone.settle();
    assert_eq!(showing(&phone.view()), "documents");
}

#[test]
fn background_beyond_the_grace_period_and_idling_lock_the_wallet() {
    let phone = Phone::set_up(Language::English, LOCAL);
    phone.send(Event::Lifecycle {
        state: Lifecycle::Background,
    });
    phone.wait(10);
    phone.send(Event::Lifecycle {
        state: Lifecycle::Foreground,
    });
    assert_eq!(
        showing(&phone.view()),
        "documents",
        "within the grace period"
    );

    phone.send(Event::Lifecycle {
        state: Lifecycle::Background,
    });
    phone.wait(31);
    phone.send(Event::Lifecycle {
        state: Lifecycle::Foreground,
    });
    assert_eq!(showing(&phone.view()), "unlock");
    submit(&phone, PIN);
    assert_eq!(showing(&phone.view()), "documents");

    // Idle: ticks alone do not count as use.
    phone.wait(299);
    phone.send(Event::Tick);
    assert_eq!(showing(&phone.view()), "documents");
    phone.wait(2);
    phone.send(Event::Tick);
    assert_eq!(showing(&phone.view()), "unlock");
}

#[test]
fn a_deep_link_waits_for_the_unlock_and_back_walks_the_stack() {
    let phone = Phone::set_up(Language::English, LOCAL).restart();
    phone.send(Event::OpenLink {
        uri: "openid-credential-offer://?credential_offer_uri=x".into(),
    });
    assert!(screen!(phone, Unlock).offer_waiting.is_some());
    submit(&phone, PIN);
    let stack = phone.core.inspect(|app| app.stack()).unwrap();
    assert_eq!(stack.len(), 2, "{stack:?}");
    assert_eq!(stack[0], Route::Documents);
    assert!(
        matches!(&stack[1], Route::AcceptOffer { link: Some(l) } if l.contains("credential_offer_uri"))
    );
    assert!(phone.view().header.can_go_back);
    phone.send(Event::Back);
    assert_eq!(showing(&phone.view()), "documents");
    phone.effects();
    phone.send(Event::Back);
    assert_eq!(phone.effects(), vec![Effect::Close]);

    // Verifier mode needs no wallet, and the language follows the phone.
    phone.send(Event::SwitchMode);
    assert_eq!(phone.view().mode, Mode::Verifier);
    phone.send(Event::SetLanguage {
        language: Language::Vietnamese,
    });
    assert_eq!(phone.view().header.menu[0].label, "Chuyển về ví của tôi");
    phone.send(Event::SwitchMode);
    assert_eq!(showing(&phone.view()), "documents");
}

#[test]
fn the_back_stack_the_modes_and_a_lock_that_leaves_only_the_unlock_screen() {
    let phone = Phone::set_up(Language::English, LOCAL);
    assert!(unlocked(&phone));
    let id = "doc-1".to_owned();
    phone.send(Event::Open {
        route: Route::DocumentDetail { id: id.clone() },
    });
    phone.send(Event::Open {
        route: Route::ShowQr { id: id.clone() },
    });
    assert_eq!(
        stack(&phone),
        [
            Route::Documents,
            Route::DocumentDetail { id: id.clone() },
            Route::ShowQr { id }
        ]
    );
    phone.effects();
    phone.send(Event::Back);
    phone.send(Event::Back);
    assert!(
        !phone.effects().contains(&Effect::Close),
        "back closes nothing above the root"
    );
    assert_eq!(stack(&phone), [Route::Documents]);
    phone.send(Event::Back);
    assert_eq!(phone.effects(), [Effect::Close], "back at the root");
    assert_eq!(stack(&phone), [Route::Documents]);

    // Verifier mode replaces the stack; back to the citizen, still unlocked.
    phone.send(Event::SwitchMode);
    assert_eq!(phone.view().mode, Mode::Verifier);
    assert_eq!(stack(&phone), [Route::Verifier]);
    phone.send(Event::SwitchMode);
    assert_eq!(phone.view().mode, Mode::Citizen);
    assert_eq!(stack(&phone), [Route::Documents]);
    assert!(unlocked(&phone));

    // A lock forgets the wallet and leaves the unlock screen alone; the
    // file, opened again, is locked.
    phone.send(Event::Lock);
    assert!(!unlocked(&phone));
    assert_eq!(stack(&phone), [Route::Unlock]);
    let wallet = Wallet::open(phone.wallet_path()).unwrap();
    assert!(!wallet.is_unlocked());
    drop(wallet);
    // Screens that need the wallet do not open while it is locked.
    phone.send(Event::Open {
        route: Route::Documents,
    });
    assert_eq!(stack(&phone), [Route::Unlock]);

    // The verifier needs no wallet; back from it while locked is the unlock screen.
    phone.send(Event::SwitchMode);
    assert_eq!(stack(&phone), [Route::Verifier]);
    phone.send(Event::SwitchMode);
    assert_eq!(stack(&phone), [Route::Unlock]);

    // While unlocked a link opens at once on top of the documents, from
    // wherever the citizen is.
    submit(&phone, PIN);
    let link = "openid-credential-offer://?credential_offer_uri=x".to_owned();
    phone.send(Event::OpenLink { uri: link.clone() });
    assert_eq!(
        stack(&phone),
        [
            Route::Documents,
            Route::AcceptOffer {
                link: Some(link.clone())
            }
        ]
    );
    phone.send(Event::Back);
    phone.send(Event::SwitchMode);
    phone.send(Event::OpenLink { uri: link.clone() });
    assert_eq!(phone.view().mode, Mode::Citizen);
    assert_eq!(
        stack(&phone),
        [Route::Documents, Route::AcceptOffer { link: Some(link) }]
    );

    phone.send(Event::SetLanguage {
        language: Language::Vietnamese,
    });
    assert_eq!(phone.view().language, Language::Vietnamese);
}

#[test]
fn a_link_opened_after_the_unlock_waits_no_more() {
    let phone = Phone::set_up(Language::English, LOCAL).restart();
    phone.send(Event::OpenLink {
        uri: "openid-credential-offer://?credential_offer_uri=x".into(),
    });
    submit(&phone, PIN);
    assert_eq!(showing(&phone.view()), "offer");
    phone.send(Event::Lock);
    assert!(screen!(phone, Unlock).offer_waiting.is_none());
    submit(&phone, PIN);
    assert_eq!(stack(&phone), [Route::Documents]);
}

#[test]
fn a_refused_pin_is_worded_in_the_language_shown_and_nothing_is_saved() {
    let phone = Phone::new(Language::Vietnamese, LOCAL);
    finish(&phone, "123456", "123456");
    let view = screen!(phone, Setup);
    assert_eq!(
        view.pin_error.as_deref(),
        Some("Mã PIN không được là dãy số liên tiếp như 123456 hay 654321.")
    );
    assert!(!view.busy);
    phone.send(Event::SetLanguage {
        language: Language::English,
    });
    assert_eq!(
        screen!(phone, Setup).pin_error.as_deref(),
        Some("The PIN cannot be a run of digits such as 123456 or 654321.")
    );
    // Neither the view nor the events print a PIN typed.
    finish(&phone, "246810", "246801");
    let printed = format!("{:?}", phone.view());
    assert!(!printed.contains("246810") && !printed.contains("246801"));
    assert!(!phone.wallet_path().exists());
    assert!(settings(&phone).is_none());
}

#[test]
fn first_run_saves_the_normalised_url_and_seals_the_wallet_under_the_pin() {
    let phone = Phone::new(Language::English, LOCAL);
    phone.send(Event::Setup {
        event: SetupEvent::ServerUrl {
            url: " http://10.0.2.2:8080/ ".into(),
        },
    });
    finish(&phone, PIN, PIN);
    assert_eq!(showing(&phone.view()), "documents");
    assert!(unlocked(&phone));
    let saved = settings(&phone).unwrap();
    assert_eq!(saved["server_url"], "http://10.0.2.2:8080");
    assert_eq!(saved["unlock_method"], "Pin");
    // The PIN layered over the platform's key.
    let wallet = Wallet::open(phone.wallet_path()).unwrap();
    assert_eq!(wallet.key_provider_kind(), "pin+memory");
}

#[test]
fn biometric_first_run_seals_the_wallet_by_the_platform_key_alone() {
    let phone = Phone::biometric(Language::English, LOCAL);
    assert_eq!(settings(&phone).unwrap()["unlock_method"], "Biometric");
    let wallet = Wallet::open(phone.wallet_path()).unwrap();
    assert_eq!(wallet.key_provider_kind(), "memory", "no PIN layer");
    drop(wallet);
    let phone = phone.restart();
    let view = screen!(phone, Unlock);
    assert_eq!(view.method, UnlockMethod::Biometric);
    phone.send(Event::Unlock {
        event: UnlockEvent::Biometric {
            ok: false,
            cancelled: false,
        },
    });
    let view = screen!(phone, Unlock);
    assert_eq!(
        view.error.as_deref(),
        Some("Fingerprint or face not recognised. Try again.")
    );
    assert!(view.attempts_left.is_none(), "the phone counts these");
}

#[test]
fn one_wrong_pin_is_remembered_across_a_restart_and_the_words_follow_the_language() {
    let phone = Phone::set_up(Language::English, LOCAL).restart();
    let view = screen!(phone, Unlock);
    assert_eq!(view.method, UnlockMethod::Pin);
    assert!(view.attempts_left.is_none());
    submit(&phone, "246801");
    let view = screen!(phone, Unlock);
    assert_eq!(
        view.attempts_left.as_deref(),
        Some("4 tries left before a wait.")
    );
    assert!(!view.busy);
    assert!(!unlocked(&phone));

    let phone = phone.restart();
    assert_eq!(
        screen!(phone, Unlock).attempts_left.as_deref(),
        Some("4 tries left before a wait."),
        "the count survives a restart"
    );
    phone.send(Event::SetLanguage {
        language: Language::Vietnamese,
    });
    submit(&phone, "12");
    assert_eq!(
        screen!(phone, Unlock).error.as_deref(),
        Some("Hãy nhập đủ 6 chữ số.")
    );
    submit(&phone, PIN);
    assert_eq!(showing(&phone.view()), "documents");
    assert!(unlocked(&phone));
}

/// A platform key behind a biometric prompt: it unseals only while
/// `released`, as a keystore that refuses after a prompt it did not accept.
struct Gated {
    inner: MemoryKeyProvider,
    released: AtomicBool,
}

impl KeyProvider for Gated {
    fn kind(&self) -> String {
        self.inner.kind()
    }
    fn seal(&self, secret: &[u8]) -> Result<Vec<u8>, KeyProviderError> {
        self.inner.seal(secret)
    }
    fn unseal(&self, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyProviderError> {
        if self.released.load(Ordering::SeqCst) {
            self.inner.unseal(sealed)
        } else {
            Err(KeyProviderError::Unavailable("not released".into()))
        }
    }
}

#[test]
fn a_key_the_platform_will_not_release_is_worded_as_locked_and_not_counted() {
    let dir = tempfile::tempdir().unwrap();
    // The biometric method's key is its own (released by the prompt); the
    // one that opens without a prompt seals the wrong-PIN count.
    let key = Arc::new(Gated {
        inner: MemoryKeyProvider::generate(),
        released: AtomicBool::new(true),
    });
    let unprompted = MemoryKeyProvider::generate();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let boot = || {
        let platform = Platform {
            biometric_available: true,
            biometric_key_provider: Some(key.clone()),
            pin_work_factor: Some(2),
            ..Platform::software(
                dir.path().to_path_buf(),
                Arc::new(unprompted.clone()),
                Arc::new(ManualClock::new(common::T0)),
            )
        };
        Core::new(
            App::new(platform, Language::Vietnamese),
            Arc::new(Recorder::default()),
            runtime.handle().clone(),
        )
    };
    let send = |core: &Arc<Core>, event: Event| {
        core.send(event);
        let core = core.clone();
        assert!(runtime.block_on(async move { core.settle(Duration::from_secs(30)).await }));
    };
    let unlock_view = |core: &Arc<Core>| match core.view().unwrap().screen {
        ScreenView::Unlock { view } => view,
        other => panic!("expected the unlock screen, showing {other:?}"),
    };

    let core = boot();
    send(&core, Event::Start);
    send(
        &core,
        Event::Setup {
            event: SetupEvent::Method {
                method: UnlockMethod::Biometric,
            },
        },
    );
    send(
        &core,
        Event::Setup {
            event: SetupEvent::Finish {
                pin: String::new(),
                confirm: String::new(),
            },
        },
    );
    assert!(core.inspect(App::is_unlocked).unwrap());
    drop(core);
    // The wallet key is sealed by the biometric key, not the unprompted one.
    let mut file = Wallet::open(dir.path().join("wallet.db")).unwrap();
    assert!(file.unlock(&unprompted).is_err());
    assert!(file.unlock(&key.inner).is_ok());
    drop(file);

    let core = boot();
    send(&core, Event::Start);
    assert_eq!(unlock_view(&core).method, UnlockMethod::Biometric);
    send(
        &core,
        Event::Unlock {
            event: UnlockEvent::Biometric {
                ok: false,
                cancelled: true,
            },
        },
    );
    assert_eq!(
        unlock_view(&core).error.as_deref(),
        Some("Đã huỷ xác thực. Chạm để thử lại.")
    );

    let record = || {
        Wallet::open(dir.path().join("wallet.db"))
            .unwrap()
            .sealed_app_lock()
            .unwrap()
    };
    let before = record();
    key.released.store(false, Ordering::SeqCst);
    send(
        &core,
        Event::Unlock {
            event: UnlockEvent::Biometric {
                ok: true,
                cancelled: false,
            },
        },
    );
    let view = unlock_view(&core);
    assert_eq!(
        view.error.as_deref(),
        Some("Ví đang khoá. Hãy mở khoá rồi thử lại.")
    );
    assert!(view.key_gone.is_none(), "refused now, not gone");
    assert!(!core.inspect(App::is_unlocked).unwrap());
    assert_eq!(
        record(),
        before,
        "the phone counts biometric failures, not the app"
    );

    key.released.store(true, Ordering::SeqCst);
    send(
        &core,
        Event::Unlock {
            event: UnlockEvent::Biometric {
                ok: true,
                cancelled: false,
            },
        },
    );
    assert!(core.inspect(App::is_unlocked).unwrap());
}

#[test]
fn each_menu_entry_does_what_it_says() {
    use vidi_app::MenuAction;
    let phone = Phone::set_up(Language::English, LOCAL);
    let actions: Vec<MenuAction> = phone.view().header.menu.iter().map(|m| m.action).collect();
    assert_eq!(
        actions,
        [
            MenuAction::AddDocument,
            MenuAction::ActivityLog,
            MenuAction::Backup,
            MenuAction::SwitchMode,
            MenuAction::Lock
        ]
    );
    for (action, shown) in [
        (MenuAction::AddDocument, "offer"),
        (MenuAction::ActivityLog, "log"),
        (MenuAction::Backup, "backup"),
    ] {
        phone.send(Event::Menu { action });
        assert_eq!(showing(&phone.view()), shown);
        phone.send(Event::Back);
        assert_eq!(showing(&phone.view()), "documents");
    }
    phone.send(Event::Menu {
        action: MenuAction::SwitchMode,
    });
    assert_eq!(phone.view().mode, Mode::Verifier);
    phone.send(Event::Menu {
        action: MenuAction::SwitchMode,
    });
    phone.send(Event::Menu {
        action: MenuAction::Lock,
    });
    assert_eq!(showing(&phone.view()), "unlock");
    // Locked, entries that need the wallet open nothing.
    phone.send(Event::Menu {
        action: MenuAction::ActivityLog,
    });
    assert_eq!(showing(&phone.view()), "unlock");
}
