//! uniffi exports of vidi-core (filled by the bindings issue).
