//! First run, unlocking, the lock-out waits across restarts, the lost
//! platform key, biometrics, navigation and the automatic lock: driven by
//! events alone, as the shells drive them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{PIN, Phone, showing};
use vidi_app::screens::setup::SetupEvent;
use vidi_app::screens::unlock::UnlockEvent;
use vidi_app::{Effect, Event, Language, Lifecycle, Mode, Route, UnlockMethod};
use vidi_core::store::MemoryKeyProvider;

const LOCAL: &str = "http://localhost:8080";

fn finish(phone: &Phone, pin: &str, confirm: &str) {
    phone.send(Event::Setup {
        event: SetupEvent::Finish {
            pin: pin.into(),
            confirm: confirm.into(),
        },
    });
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
    assert!(!phone.dir.path().join("wallet.db").exists());
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
    assert_eq!(view.wait_seconds, 30);
    assert_eq!(view.wait.unwrap(), "Try again in 30 s");
    assert!(!view.can_submit);
    assert_eq!(phone.view().platform.tick_ms, Some(1000));

    // The right PIN is not even tried during the wait.
    submit(&phone, PIN);
    assert_eq!(showing(&phone.view()), "unlock");

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
