// Lock annotations (Clang's thread-safety analysis; no-ops elsewhere), as LevelDB uses them:
// they document which mutex guards which state and which functions expect it held.
#pragma once

#if defined(__clang__)
#define MONSIM_TSA(x) __attribute__((x))
#else
#define MONSIM_TSA(x)
#endif

#define MONSIM_CAPABILITY(x) MONSIM_TSA(capability(x))
#define MONSIM_GUARDED_BY(x) MONSIM_TSA(guarded_by(x))
#define MONSIM_REQUIRES(...) MONSIM_TSA(requires_capability(__VA_ARGS__))
#define MONSIM_EXCLUDES(...) MONSIM_TSA(locks_excluded(__VA_ARGS__))
#define MONSIM_ACQUIRE(...) MONSIM_TSA(acquire_capability(__VA_ARGS__))
#define MONSIM_RELEASE(...) MONSIM_TSA(release_capability(__VA_ARGS__))
#define MONSIM_SCOPED_CAPABILITY MONSIM_TSA(scoped_lockable)
