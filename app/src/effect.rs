//! What the app core asks the shell to do once. (What the platform should
//! keep doing, such as the camera or full brightness, is in the view
//! model's [`crate::PlatformView`].)

/// A one-off request to the platform. Each ends in the event named.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Effect {
    /// Show the fingerprint or face prompt, then send
    /// `Event::Unlock { event: UnlockEvent::Biometric { .. } }`.
    BiometricPrompt {
        /// The prompt's title.
        title: String,
        /// Its cancel button.
        cancel: String,
    },
    /// Ask where to save a file (a backup), then send
    /// `Event::Backup { event: BackupEvent::SaveTo { .. } }` (`path: None` when cancelled).
    PickFileToSave {
        /// The name proposed.
        suggested_name: String,
        /// The picker's title.
        title: String,
    },
    /// The file the app was given by `SaveTo` is written: the shell moves
    /// or copies it where the user chose (Android copies a temporary file
    /// to the picked document), and may delete `path` after.
    FileWritten {
        /// The file written.
        path: String,
    },
    /// Ask for a file to open (a backup to restore), then send
    /// `Event::Backup { event: BackupEvent::RestoreFrom { .. } }`.
    PickFileToOpen {
        /// The picker's title.
        title: String,
    },
    /// Open the share sheet with `text`.
    Share {
        /// The subject, where the platform shows one.
        subject: String,
        /// What to share.
        text: String,
    },
    /// The user went back from the first screen: close the app (Android).
    Close,
}
