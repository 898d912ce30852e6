//! Sealing: `private` and `manager` files encrypted with age, readable only
//! by the people their visibility names.
//!
//! A case kept in a shared work repository is read by colleagues: a
//! visibility that only filters what the brief prints would leave a
//! private entry in plain text in every clone. Sealed files are age files
//! (ASCII-armored: diffs and reviews stay text) encrypted to the keys
//! `promocase.yaml` names under `seal:` — age X25519 keys or the SSH public
//! keys people already have. No cryptography is written here: the `age`
//! crate does all of it.
//!
//! Who can read what is decided by the keys a reader holds: the CLI loads
//! them once (`Keyring::from_environment`, the only file access here) and
//! installs them; the case stage asks `open` for each sealed file. A file
//! no installed key opens stays sealed: counted, never named or read.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// What a sealed file's name ends with.
pub(crate) const SEALED: &str = ".age";

/// Whether a case path is a sealed file.
pub(crate) fn is_sealed(path: &str) -> bool {
    path.ends_with(".md.age")
}

/// A key that opens sealed files.
enum Key {
    Age(age::x25519::Identity),
    Ssh(age::ssh::Identity),
}

impl Key {
    fn identity(&self) -> &dyn age::Identity {
        match self {
            Key::Age(k) => k,
            Key::Ssh(k) => k,
        }
    }
}

/// The keys this reader holds.
#[derive(Default)]
pub struct Keyring {
    keys: Vec<Key>,
    /// SSH keys found protected by a passphrase, which promocase cannot
    /// ask for: named in the help of a sealed file no key opens.
    locked: Vec<PathBuf>,
}

impl Keyring {
    /// The keys in `PROMOCASE_IDENTITY` (paths separated as `PATH` is), or
    /// else those of `~/.ssh/id_ed25519`, `~/.ssh/id_rsa` and
    /// `~/.config/promocase/identity.txt` that exist. A passphrase-protected
    /// SSH key is passed over, and remembered to be named.
    pub(crate) fn from_environment() -> Keyring {
        let named: Vec<PathBuf> = match std::env::var_os("PROMOCASE_IDENTITY") {
            Some(v) => std::env::split_paths(&v).collect(),
            None => default_paths(),
        };
        let mut ring = Keyring::default();
        for p in named {
            ring.add_file(&p);
        }
        ring
    }

    /// Add the keys in the file at `path`: an age identity file (lines
    /// `AGE-SECRET-KEY-1...`) or an unencrypted SSH private key.
    pub fn add_file(&mut self, path: &Path) {
        let Ok(text) = std::fs::read(path) else {
            return;
        };
        let ssh = age::ssh::Identity::from_buffer(&text[..], Some(path.display().to_string()));
        match ssh {
            Ok(k @ age::ssh::Identity::Unencrypted(_)) => self.keys.push(Key::Ssh(k)),
            Ok(age::ssh::Identity::Encrypted(_)) => self.locked.push(path.to_path_buf()),
            _ => {
                let lines = String::from_utf8_lossy(&text);
                let ages = lines.lines().filter_map(|l| l.trim().parse().ok());
                self.keys.extend(ages.map(Key::Age));
            }
        }
    }

    /// The plaintext of a sealed file, when one of these keys opens it.
    pub fn open(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        if self.keys.is_empty() {
            return None;
        }
        let reader = age::armor::ArmoredReader::new(sealed);
        let decryptor = age::Decryptor::new_buffered(reader).ok()?;
        let ids = self.keys.iter().map(Key::identity);
        let mut plain = Vec::new();
        decryptor.decrypt(ids).ok()?.read_to_end(&mut plain).ok()?;
        Some(plain)
    }
}

fn default_paths() -> Vec<PathBuf> {
    let Some(home) = std::env::var_os("HOME").map(PathBuf::from) else {
        return Vec::new();
    };
    let all = [
        ".ssh/id_ed25519",
        ".ssh/id_rsa",
        ".config/promocase/identity.txt",
    ];
    // Every one that exists: an age identity beside a passphrase-protected
    // SSH key is the way such a key's owner reads sealed files.
    all.iter()
        .map(|p| home.join(p))
        .filter(|p| p.is_file())
        .collect()
}

static INSTALLED: OnceLock<Keyring> = OnceLock::new();

/// Make `ring` the keys every later [`open`] uses (once per process: the
/// CLI's first step). Later calls are ignored.
pub(crate) fn install(ring: Keyring) {
    let _ = INSTALLED.set(ring);
}

/// The passphrase-protected SSH keys the installed keyring passed over.
pub(crate) fn locked_keys() -> Vec<String> {
    let ring = INSTALLED.get();
    let locked = ring.map(|r| r.locked.as_slice()).unwrap_or_default();
    locked.iter().map(|p| p.display().to_string()).collect()
}

/// Open a sealed file with the installed keys.
pub(crate) fn open(sealed: &[u8]) -> Option<Vec<u8>> {
    INSTALLED.get()?.open(sealed)
}

/// A recipient as `seal:` names it: an age key (`age1...`) or an SSH
/// public key (`ssh-ed25519 ...`, `ssh-rsa ...`).
pub(crate) fn recipient(text: &str) -> Result<Box<dyn age::Recipient + Send>, String> {
    let text = text.trim();
    if text.starts_with("age1") {
        let r: age::x25519::Recipient = text.parse().map_err(|e: &str| e.to_string())?;
        return Ok(Box::new(r));
    }
    match text.parse::<age::ssh::Recipient>() {
        Ok(r) => Ok(Box::new(r)),
        Err(_) => {
            Err("not an age key (age1...) or an SSH public key (ssh-ed25519, ssh-rsa)".into())
        }
    }
}

/// `plain` sealed to every one of `recipients`, ASCII-armored.
pub fn seal(plain: &[u8], recipients: &[String]) -> Result<Vec<u8>, String> {
    let parsed: Vec<Box<dyn age::Recipient + Send>> = recipients
        .iter()
        .map(|r| recipient(r))
        .collect::<Result<_, _>>()?;
    let each = parsed.iter().map(|r| r.as_ref() as &dyn age::Recipient);
    let encryptor = age::Encryptor::with_recipients(each).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(plain.len() * 2 + 512);
    let armored = age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
        .map_err(|e| e.to_string())?;
    let mut w = encryptor.wrap_output(armored).map_err(|e| e.to_string())?;
    w.write_all(plain).map_err(|e| e.to_string())?;
    w.finish()
        .and_then(|a| a.finish())
        .map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use age::secrecy::ExposeSecret;

    fn ring(k: &age::x25519::Identity) -> Keyring {
        let mut r = Keyring::default();
        let parsed = k.to_string().expose_secret().parse().unwrap();
        r.keys.push(Key::Age(parsed));
        r
    }

    #[test]
    fn sealed_text_opens_only_with_a_recipient_key() {
        let (a, b) = (
            age::x25519::Identity::generate(),
            age::x25519::Identity::generate(),
        );
        let sealed = seal(b"the words", &[a.to_public().to_string()]).unwrap();
        assert!(sealed.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----"));
        assert!(!sealed.windows(5).any(|w| w == b"words"));
        assert_eq!(ring(&a).open(&sealed).as_deref(), Some(&b"the words"[..]));
        assert_eq!(ring(&b).open(&sealed), None);
        assert_eq!(Keyring::default().open(&sealed), None);
        // Two recipients: either opens it.
        let both = [a.to_public().to_string(), b.to_public().to_string()];
        let sealed = seal(b"x", &both).unwrap();
        assert!(ring(&a).open(&sealed).is_some() && ring(&b).open(&sealed).is_some());
    }

    /// An age identity file, as `age-keygen` writes it (comments, then
    /// the key), opens what was sealed to its public key; a file with no
    /// key in it adds none.
    #[test]
    fn an_age_identity_file_is_read_key_by_key() {
        let k = age::x25519::Identity::generate();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("identity.txt");
        let text = format!(
            "# created: today\n# public key: {}\n{}\n",
            k.to_public(),
            k.to_string().expose_secret()
        );
        std::fs::write(&file, text).unwrap();
        let mut ring = Keyring::default();
        ring.add_file(&file);
        ring.add_file(&dir.path().join("missing"));
        let sealed = seal(b"x", &[k.to_public().to_string()]).unwrap();
        assert_eq!(ring.open(&sealed).as_deref(), Some(&b"x"[..]));
        std::fs::write(&file, "# nothing here\n").unwrap();
        let mut none = Keyring::default();
        none.add_file(&file);
        assert_eq!(none.open(&sealed), None);
    }

    #[test]
    fn a_recipient_that_is_no_key_is_refused_with_what_is_accepted() {
        let e = recipient("alex@laptop").err().unwrap();
        assert!(e.contains("ssh-ed25519"), "{e}");
        assert!(seal(b"x", &[]).is_err());
        assert!(is_sealed("evidence/2026/x.md.age") && !is_sealed("evidence/x.md"));
    }
}
