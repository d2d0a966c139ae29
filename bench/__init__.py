"""gongkai benchmarks: ``python -m bench`` runs them all (see __main__.py)."""


def peak_rss_kib() -> int:
    """This process's peak resident memory, in KiB.

    From ``VmHWM`` in /proc/self/status where there is one: it belongs to the process's own
    address space, so a child started by a big parent (the bench making its documents) does
    not report the parent's peak, as ``ru_maxrss`` does across fork and exec on Linux.
    """
    import resource

    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
