"""The driver's directories, as a root process must keep them (monsim's secure_root_dir() in
sim/cli/reality.cc is the same rule): WORK and every directory on the way to it are real
directories (no symbolic links) owned by root, none writable by others than root -- except an
ancestor that is world-writable and sticky (/var/tmp), where no one can replace what root
made; WORK and everything under it, never. Missing parts are created with mode 0700. A local
user who made /var/tmp/monsim-reality first (or a link there) would otherwise decide which
kernel and initramfs root boots, and where root writes keyrings and modules.

And the cached kernel package is checked against the Debian archive's SHA256 (apt's signed
index, `apt-cache show PACKAGE=VERSION`) before anything of it is used."""
import hashlib
import os
import stat
import subprocess


class UnsafeDir(RuntimeError):
    pass


def secure_dir(path, trusted_root=None):
    """Checks (and creates, 0700) `path` and its ancestors by the rule above. `trusted_root`:
    an ancestor already checked (WORK, for a directory under it): from there on, the strict
    rule for every part. Returns the absolute path."""
    path = os.path.abspath(path)
    parts = path.strip("/").split("/") if path != "/" else []
    at = "/"
    strict_from = len(parts) if trusted_root is None else len(os.path.abspath(trusted_root).strip("/").split("/"))
    for i in range(len(parts) + 1):
        if i > 0:
            at = os.path.join(at, parts[i - 1])
        mine = i >= strict_from  # WORK itself, and everything under it
        try:
            st = os.lstat(at)
        except FileNotFoundError:
            os.mkdir(at, 0o700)
            os.chmod(at, 0o700)
            st = os.lstat(at)
        if stat.S_ISLNK(st.st_mode):
            raise UnsafeDir(f"{at} is a symbolic link: a root process's work directory must be reached without one")
        if not stat.S_ISDIR(st.st_mode):
            raise UnsafeDir(f"{at} is not a directory")
        if st.st_uid != 0:
            raise UnsafeDir(f"{at} belongs to uid {st.st_uid}, not root: whoever owns it could decide what root "
                            "boots; give a directory of root's own")
        others_write = st.st_mode & 0o022
        sticky_world = (st.st_mode & 0o1002) == 0o1002
        if others_write and (mine or not sticky_world):
            raise UnsafeDir(f"{at} is writable by others than root (mode {st.st_mode & 0o7777:04o}): give a "
                            "directory only root can write")
    return path


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def archive_sha256(pkg, version):
    """The SHA256 of PACKAGE=VERSION in apt's index (signed by the archive), or None."""
    out = subprocess.run(["apt-cache", "show", f"{pkg}={version}"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True).stdout
    for line in out.splitlines():
        if line.startswith("SHA256:"):
            return line.split(":", 1)[1].strip()
    return None


def verify_deb(deb):
    """Raises UnsafeDir unless `deb` (pkg_version_arch.deb) is byte for byte the archive's."""
    name = os.path.basename(deb)
    try:
        pkg, version, _ = name[:-len(".deb")].split("_")
    except ValueError:
        raise UnsafeDir(f"{deb}: not a package file name (pkg_version_arch.deb)")
    version = version.replace("%3a", ":")
    want = archive_sha256(pkg, version)
    if not want:
        raise UnsafeDir(f"{deb}: apt knows no {pkg}={version} to check it against (apt-get update?)")
    got = sha256_of(deb)
    if got != want:
        raise UnsafeDir(f"{deb}: SHA256 {got} is not the archive's {want}: not used (remove it; the next run "
                        "downloads it again)")
    return got
