//! The calls into libhs (hs_compile.h, hs_runtime.h, hs_common.h of Hyperscan 5).

use std::ffi::{c_char, c_int, c_uint, c_ulonglong, c_void, CStr, CString};
use std::ptr::{self, NonNull};
use std::sync::OnceLock;

#[repr(C)]
struct HsDatabase {
    _private: [u8; 0],
}

#[repr(C)]
struct HsScratch {
    _private: [u8; 0],
}

#[repr(C)]
struct HsCompileError {
    message: *const c_char,
    expression: c_int,
}

type MatchHandler = extern "C" fn(c_uint, c_ulonglong, c_ulonglong, c_uint, *mut c_void) -> c_int;

const HS_SUCCESS: c_int = 0;
const HS_SCAN_TERMINATED: c_int = -3;
const HS_MODE_BLOCK: c_uint = 1;

/// The library's names, tried in turn: Debian's libhyperscan5, then a development link.
const LIBRARIES: [&str; 2] = ["libhs.so.5", "libhs.so"];

/// The functions of libhs that boxguard calls, looked up once.
struct Api {
    compile_multi: unsafe extern "C" fn(
        *const *const c_char,
        *const c_uint,
        *const c_uint,
        c_uint,
        c_uint,
        *const c_void,
        *mut *mut HsDatabase,
        *mut *mut HsCompileError,
    ) -> c_int,
    free_compile_error: unsafe extern "C" fn(*mut HsCompileError) -> c_int,
    free_database: unsafe extern "C" fn(*mut HsDatabase) -> c_int,
    serialize_database:
        unsafe extern "C" fn(*const HsDatabase, *mut *mut c_char, *mut usize) -> c_int,
    deserialize_database: unsafe extern "C" fn(*const c_char, usize, *mut *mut HsDatabase) -> c_int,
    alloc_scratch: unsafe extern "C" fn(*const HsDatabase, *mut *mut HsScratch) -> c_int,
    free_scratch: unsafe extern "C" fn(*mut HsScratch) -> c_int,
    scan: unsafe extern "C" fn(
        *const HsDatabase,
        *const c_char,
        c_uint,
        c_uint,
        *mut HsScratch,
        MatchHandler,
        *mut c_void,
    ) -> c_int,
    version: unsafe extern "C" fn() -> *const c_char,
    // what hs_serialize_database allocated its bytes with (libhs's default: malloc)
    misc_free: unsafe extern "C" fn(*mut c_void),
    /// Kept loaded for the process's life: the functions above point into it.
    _library: libloading::Library,
}

static API: OnceLock<Option<Api>> = OnceLock::new();

/// libhs's functions, loaded at the first call; None when the library is not there (or
/// `BOXGUARD_NO_HS` is set to anything but `0`).
fn api() -> Option<&'static Api> {
    API.get_or_init(|| {
        if std::env::var_os("BOXGUARD_NO_HS").is_some_and(|v| v != "0") {
            return None;
        }
        LIBRARIES.iter().find_map(|name| load(name).ok())
    })
    .as_ref()
}

fn load(name: &str) -> Result<Api, libloading::Error> {
    // SAFETY: loading libhs runs only its own initialisers, which touch nothing of ours.
    let library = unsafe { libloading::Library::new(name) }?;
    // SAFETY: each symbol is looked up by its name in libhs and given the signature that
    // Hyperscan 5's headers (hs_compile.h, hs_runtime.h, hs_common.h) declare for it;
    // `free` is the C library's, which libhs's default allocator uses.
    unsafe {
        let api = Api {
            compile_multi: *library.get(b"hs_compile_multi\0")?,
            free_compile_error: *library.get(b"hs_free_compile_error\0")?,
            free_database: *library.get(b"hs_free_database\0")?,
            serialize_database: *library.get(b"hs_serialize_database\0")?,
            deserialize_database: *library.get(b"hs_deserialize_database\0")?,
            alloc_scratch: *library.get(b"hs_alloc_scratch\0")?,
            free_scratch: *library.get(b"hs_free_scratch\0")?,
            scan: *library.get(b"hs_scan\0")?,
            version: *library.get(b"hs_version\0")?,
            misc_free: *library.get(b"free\0")?,
            _library: library,
        };
        Ok(api)
    }
}

fn need() -> Result<&'static Api, String> {
    api().ok_or_else(|| "Hyperscan's library (libhs.so.5) is not on this machine".into())
}

/// Whether libhs is loaded (or loads now).
pub fn available() -> bool {
    api().is_some()
}

/// Hyperscan's version string, e.g. `"5.4.0 2021-01-13"` ("" without libhs).
pub fn version() -> String {
    api().map_or_else(String::new, |a| {
        // SAFETY: hs_version returns a pointer to a static NUL-terminated string.
        unsafe { CStr::from_ptr((a.version)()) }
            .to_string_lossy()
            .into_owned()
    })
}

/// A compiled block-mode database. Immutable once built: Hyperscan documents a database
/// as safe to share between threads, each thread scanning with its own [`Scratch`].
pub struct Database(NonNull<HsDatabase>, &'static Api);

// SAFETY: a database is read-only after compilation; libhs allows concurrent scans of one
// database from many threads (each with its own scratch).
unsafe impl Send for Database {}
// SAFETY: as above: no method mutates the database through a shared reference.
unsafe impl Sync for Database {}

/// The scratch space of one scan at a time (allocated for one database).
pub struct Scratch {
    ptr: NonNull<HsScratch>,
    db: *const HsDatabase,
    api: &'static Api,
}

// SAFETY: a scratch may move between threads; it is used by one scan at a time, which
// `&mut Scratch` in `Database::scan` ensures.
unsafe impl Send for Scratch {}

impl Database {
    /// Compile `exprs` (NUL-free bytes) with their Hyperscan `flags` and `ids`.
    ///
    /// # Errors
    /// Hyperscan's message and the index of the expression it refused.
    pub fn compile(exprs: &[&[u8]], flags: &[u32], ids: &[u32]) -> Result<Self, String> {
        if exprs.len() != flags.len() || exprs.len() != ids.len() || exprs.is_empty() {
            return Err("one flag and one id per expression, at least one expression".into());
        }
        let api = need()?;
        let owned = exprs
            .iter()
            .map(|e| CString::new(*e).map_err(|_| "an expression holds NUL".to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        let pointers: Vec<*const c_char> = owned.iter().map(|c| c.as_ptr()).collect();
        let count = c_uint::try_from(exprs.len()).map_err(|_| "too many expressions")?;
        let mut db: *mut HsDatabase = ptr::null_mut();
        let mut error: *mut HsCompileError = ptr::null_mut();
        // SAFETY: the three arrays hold `count` elements each and outlive the call (the
        // CStrings in `owned` back `pointers`); a null platform means the current host.
        let rc = unsafe {
            (api.compile_multi)(
                pointers.as_ptr(),
                flags.as_ptr(),
                ids.as_ptr(),
                count,
                HS_MODE_BLOCK,
                ptr::null(),
                &mut db,
                &mut error,
            )
        };
        if rc != HS_SUCCESS {
            return Err(take_error(api, error));
        }
        NonNull::new(db)
            .map(|db| Self(db, api))
            .ok_or_else(|| "no database".into())
    }

    /// The database as bytes, for [`Database::deserialize`] on a machine like this one.
    ///
    /// # Errors
    /// When libhs cannot serialize it (out of memory).
    pub fn serialize(&self) -> Result<Vec<u8>, String> {
        let api = self.1;
        let mut bytes: *mut c_char = ptr::null_mut();
        let mut length = 0usize;
        // SAFETY: `self.0` is a live database; libhs writes a malloc'd buffer and its length.
        let rc = unsafe { (api.serialize_database)(self.0.as_ptr(), &mut bytes, &mut length) };
        if rc != HS_SUCCESS || bytes.is_null() {
            return Err(format!("hs_serialize_database failed ({rc})"));
        }
        // SAFETY: libhs returned `length` initialised bytes at `bytes`, which we copy and
        // then free with the allocator libhs used (malloc, its default).
        let out = unsafe { std::slice::from_raw_parts(bytes.cast::<u8>(), length) }.to_vec();
        // SAFETY: as above: the buffer came from malloc and is freed once.
        unsafe { (api.misc_free)(bytes.cast()) };
        Ok(out)
    }

    /// A database from [`Database::serialize`]'s bytes.
    ///
    /// # Errors
    /// Bytes of another Hyperscan version or platform, or damaged ones.
    pub fn deserialize(bytes: &[u8]) -> Result<Self, String> {
        let api = need()?;
        let mut db: *mut HsDatabase = ptr::null_mut();
        // SAFETY: libhs reads `bytes.len()` bytes and validates them (version, platform,
        // CRC) before building a database; it never writes to them.
        let rc = unsafe { (api.deserialize_database)(bytes.as_ptr().cast(), bytes.len(), &mut db) };
        if rc != HS_SUCCESS {
            return Err(format!("hs_deserialize_database failed ({rc})"));
        }
        NonNull::new(db)
            .map(|db| Self(db, api))
            .ok_or_else(|| "no database".into())
    }

    /// Scratch space for scanning this database.
    ///
    /// # Errors
    /// When libhs cannot allocate it.
    pub fn scratch(&self) -> Result<Scratch, String> {
        let api = self.1;
        let mut scratch: *mut HsScratch = ptr::null_mut();
        // SAFETY: `self.0` is a live database; libhs allocates a new scratch for it.
        let rc = unsafe { (api.alloc_scratch)(self.0.as_ptr(), &mut scratch) };
        if rc != HS_SUCCESS {
            return Err(format!("hs_alloc_scratch failed ({rc})"));
        }
        let ptr = NonNull::new(scratch).ok_or("no scratch")?;
        Ok(Scratch {
            ptr,
            db: self.0.as_ptr(),
            api,
        })
    }

    /// Scan `data`, calling `on_match(id, end)` for each match that libhs reports (a
    /// `SINGLEMATCH` pattern: its first only).
    ///
    /// # Errors
    /// A scratch of another database, data over 4 GiB, or a libhs failure.
    pub fn scan(
        &self,
        data: &[u8],
        scratch: &mut Scratch,
        on_match: &mut dyn FnMut(u32, u64),
    ) -> Result<(), String> {
        if scratch.db != self.0.as_ptr().cast_const() {
            return Err("a scratch of another database".into());
        }
        let api = self.1;
        let length = c_uint::try_from(data.len()).map_err(|_| "data over 4 GiB")?;
        let mut handler: &mut dyn FnMut(u32, u64) = on_match;
        let context: *mut c_void = ptr::addr_of_mut!(handler).cast();
        // SAFETY: `data` holds `length` bytes; `scratch` was allocated for this database and
        // is borrowed mutably, so no other scan uses it; `context` points at `handler`,
        // which lives on this frame for the whole call and is only read by `trampoline`.
        let rc = unsafe {
            (api.scan)(
                self.0.as_ptr(),
                data.as_ptr().cast(),
                length,
                0,
                scratch.ptr.as_ptr(),
                trampoline,
                context,
            )
        };
        match rc {
            HS_SUCCESS | HS_SCAN_TERMINATED => Ok(()),
            rc => Err(format!("hs_scan failed ({rc})")),
        }
    }
}

/// libhs's match callback: hands the match to the closure behind `context`. Never unwinds
/// into C (a panic in an `extern "C"` function aborts).
extern "C" fn trampoline(
    id: c_uint,
    _from: c_ulonglong,
    to: c_ulonglong,
    _flags: c_uint,
    context: *mut c_void,
) -> c_int {
    // SAFETY: `context` is the `&mut &mut dyn FnMut` that `Database::scan` passed, alive
    // and not otherwise borrowed for the duration of hs_scan.
    let handler = unsafe { &mut *context.cast::<&mut dyn FnMut(u32, u64)>() };
    handler(id, to);
    0
}

fn take_error(api: &Api, error: *mut HsCompileError) -> String {
    if error.is_null() {
        return "hs_compile_multi failed".into();
    }
    // SAFETY: a non-null compile error from libhs holds a NUL-terminated message; it is
    // read once, then freed with hs_free_compile_error.
    let message = unsafe {
        let e = &*error;
        let text = CStr::from_ptr(e.message).to_string_lossy().into_owned();
        let at = e.expression;
        (api.free_compile_error)(error);
        if at >= 0 {
            format!("{text} (expression {at})")
        } else {
            text
        }
    };
    message
}

impl Drop for Database {
    fn drop(&mut self) {
        // SAFETY: the database is owned here and freed once; scratches hold only its address
        // (compared, never dereferenced).
        unsafe { (self.1.free_database)(self.0.as_ptr()) };
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // SAFETY: the scratch is owned here and freed once.
        unsafe { (self.api.free_scratch)(self.ptr.as_ptr()) };
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Whether libhs is there to test. Without it a test returns at once (and says so),
    /// unless `BOXGUARD_TEST_REQUIRE_HS=1` (CI, which installs it): then it fails.
    pub(crate) fn loaded() -> bool {
        let required = std::env::var_os("BOXGUARD_TEST_REQUIRE_HS").is_some_and(|v| v == "1");
        assert!(
            available() || !required,
            "libhs.so.5 (Debian's libhyperscan5) is needed"
        );
        if !available() {
            eprintln!("skipped: no libhs.so.5");
        }
        available()
    }

    const PREFILTER: u32 = 8 | 32 | 128; // SINGLEMATCH | UTF8 | PREFILTER

    fn ids(db: &Database, text: &str) -> Vec<u32> {
        let mut scratch = db.scratch().unwrap();
        let mut out = Vec::new();
        db.scan(text.as_bytes(), &mut scratch, &mut |id, _| out.push(id))
            .unwrap();
        out.sort_unstable();
        out
    }

    #[test]
    fn finds_the_patterns_that_may_match() {
        if !loaded() {
            return;
        }
        let db = Database::compile(
            &[b"1[3-9]\\d{9}", b"(?<![0-9])\\d{6}(?![0-9])", b"@qq\\.com"],
            &[PREFILTER; 3],
            &[0, 1, 7],
        )
        .unwrap();
        assert_eq!(ids(&db, "手机13812345678"), [0, 1]);
        assert_eq!(ids(&db, "a@qq.com"), [7]);
        assert!(ids(&db, "无").is_empty());
    }

    #[test]
    fn a_serialized_database_finds_the_same() {
        if !loaded() {
            return;
        }
        let db = Database::compile(&[b"ab+c"], &[PREFILTER], &[3]).unwrap();
        let back = Database::deserialize(&db.serialize().unwrap()).unwrap();
        assert_eq!(ids(&back, "xabbbc"), [3]);
        assert!(Database::deserialize(b"not a database").is_err());
    }

    #[test]
    fn refusals_name_the_expression() {
        if !loaded() {
            return;
        }
        let err = Database::compile(&[b"a", b"(?<=a)b\\1"], &[0, 0], &[0, 1])
            .err()
            .unwrap();
        assert!(err.contains("expression 1"), "{err}");
        let db = Database::compile(&[b"a"], &[0], &[0]).unwrap();
        let other = Database::compile(&[b"b"], &[0], &[0]).unwrap();
        let mut scratch = other.scratch().unwrap();
        assert!(db.scan(b"a", &mut scratch, &mut |_, _| {}).is_err());
    }

    #[test]
    fn every_match_without_singlematch_with_its_end() {
        if !loaded() {
            return;
        }
        let db = Database::compile(&[b"ab"], &[0], &[5]).unwrap();
        let mut scratch = db.scratch().unwrap();
        let mut ends = Vec::new();
        db.scan(b"ab ab", &mut scratch, &mut |id, end| ends.push((id, end)))
            .unwrap();
        assert_eq!(ends, [(5, 2), (5, 5)]);
        assert!(version().starts_with('5'), "{}", version());
    }
}
