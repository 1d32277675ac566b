"""What this machine can give a run: its memory available to new work, read before a large job starts."""

from __future__ import annotations


def available_bytes() -> int | None:
    """Memory available to new work: Linux's MemAvailable, or less under an address-space limit (``ulimit -v``,
    less what this process has mapped); None where it cannot be told."""
    free = _meminfo_available()
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_AS)[0]
        if soft != resource.RLIM_INFINITY:
            left = max(soft - _mapped_bytes(), 0)
            free = left if free is None else min(free, left)
    except (ImportError, OSError, ValueError):
        pass
    return free


def _mapped_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _meminfo_available() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def gb(n: float) -> str:
    """Bytes as people read them, in GB (decimal): 3.6 GB."""
    return f"{n / 1e9:.2g} GB"
