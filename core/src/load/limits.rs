//! Input limits: what a contract file may demand of the loader before it is
//! refused as unusable. Real specs stay far inside them (Stripe: 4 MB,
//! depth 30); hostile ones (alias bombs, 20,000-deep nesting) do not.

/// Largest file accord reads (bytes). Four times the largest real spec we
/// know of, with room to spare.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Deepest nesting of arrays and objects. A 1,000-level schema inside an
/// OpenAPI response needs about 2,010 levels; later stages recurse over the
/// document, so the bound also keeps their stacks small.
pub const MAX_DEPTH: usize = 4_096;

/// Most values (objects, arrays, strings, numbers, …) one document may
/// hold. Each costs about 100 bytes once parsed, so the bound keeps a
/// document under about 1 GB in memory: more than a hundred times the
/// 80,000 values of Stripe's 4 MB spec. Past it the file is refused at the
/// line where the bound was reached, rather than the process aborting.
pub const MAX_NODES: usize = 10_000_000;

/// Why a document over [`MAX_NODES`] is refused.
pub fn too_many_values() -> String {
    format!(
        "more than {} values in one document: too large to hold in memory (accord holds at most that many, about 1 GB)",
        MAX_NODES
    )
}

/// Most nodes that YAML aliases may add by expansion. Billion-laughs bombs
/// expand to 10^9 nodes; a real spec with anchors adds a few thousand.
pub const MAX_ALIAS_NODES: usize = 1_000_000;

/// Most files one contract may pull in through `$ref`s.
pub const MAX_REFERENCED_FILES: usize = 10_000;

/// Stack for a thread that loads or walks documents: deep but legal ones
/// (`MAX_DEPTH` levels) recurse in the loader and the walkers, whatever the
/// platform's default is.
pub const STACK_BYTES: usize = 256 * 1024 * 1024;
