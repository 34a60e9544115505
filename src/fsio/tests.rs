use std::fs;

use super::*;

/// Names in `dir`, sorted: shows any temporary file left behind.
fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn replaces_content_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("deck.toml");
    write_atomic(&p, b"one").unwrap();
    assert_eq!(fs::read_to_string(&p).unwrap(), "one");
    write_atomic(&p, b"two").unwrap();
    assert_eq!(fs::read_to_string(&p).unwrap(), "two");
    assert_eq!(entries(dir.path()), ["deck.toml"]);
}

#[test]
fn a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("deck.toml");
    fs::write(&p, "old").unwrap();
    let e = write_atomic_with(&p, |f| {
        f.write_all(b"half")?;
        Err(io::Error::other("disk full"))
    })
    .unwrap_err();
    assert_eq!(e.to_string(), "disk full");
    assert_eq!(fs::read_to_string(&p).unwrap(), "old");
    assert_eq!(entries(dir.path()), ["deck.toml"]);
}

#[test]
fn a_bare_file_name_is_written_in_the_current_folder() {
    // `parent_dir` turns "" into "."; the directory sync must then open ".".
    assert_eq!(parent_dir(Path::new("deck.toml")), Path::new("."));
    sync_dir(Path::new(".")).unwrap();
}

#[test]
fn syncing_a_normal_folder_works_and_a_missing_one_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    sync_dir(dir.path()).unwrap();
    assert!(sync_dir(&dir.path().join("missing")).is_err());
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("private.toml");
    fs::write(&p, "old").unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o600)).unwrap();
    write_atomic(&p, b"new").unwrap();
    assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600);
    fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    write_atomic(&p, b"newer").unwrap();
    assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o640);
}

#[cfg(unix)]
#[test]
fn a_symlink_is_written_through_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let real_dir = dir.path().join("real");
    fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("deck.toml");
    fs::write(&real, "old").unwrap();
    let link = dir.path().join("deck.toml");
    // A relative link, resolved against the link's own folder.
    std::os::unix::fs::symlink("real/deck.toml", &link).unwrap();
    write_atomic(&link, b"new").unwrap();
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    // The temporary file was made beside the real file and is gone.
    assert_eq!(entries(&real_dir), ["deck.toml"]);
    assert_eq!(entries(dir.path()), ["deck.toml", "real"]);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    std::os::unix::fs::symlink("b", &a).unwrap();
    std::os::unix::fs::symlink("a", dir.path().join("b")).unwrap();
    assert!(write_atomic(&a, b"x").is_err());
}

#[test]
fn write_new_refuses_an_existing_file_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("new.toml");
    write_new(&p, b"first").unwrap();
    assert_eq!(fs::read_to_string(&p).unwrap(), "first");
    let e = write_new(&p, b"second").unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(fs::read_to_string(&p).unwrap(), "first");
    assert_eq!(entries(dir.path()), ["new.toml"]);
}

#[test]
fn write_new_into_a_missing_folder_fails_without_creating_anything() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("missing").join("new.toml");
    assert!(write_new(&p, b"x").is_err());
    assert!(write_atomic(&p, b"x").is_err());
    assert!(entries(dir.path()).is_empty());
}
