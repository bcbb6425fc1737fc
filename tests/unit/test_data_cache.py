"""The data layer's caches (antq/data/cache.py): bounded, one computation per key however many threads
ask, answers handed out as copies, a backend the app can swap in (st.cache_data, antq/view/
cache_streamlit.py, which also answers on worker threads of a running server), and no Streamlit import
anywhere in the data layer."""
import subprocess
import sys
import threading
import time

import pandas as pd
import pytest

from antq.data import cache
from tests.conftest import ROOT


@pytest.fixture()
def default_backend():
    """Each test starts on the in-process default and leaves the backend as it found it."""
    before = cache._backend
    cache.use(None)
    yield
    cache.use(before)


def _counted(max_entries=10, kind="data", pause=0.0):
    calls = []

    @cache.memo(max_entries=max_entries, kind=kind)
    def f(x):
        calls.append(x)
        time.sleep(pause)
        return pd.DataFrame({"x": [x]})
    return f, calls


def test_answers_are_kept_up_to_the_bound_least_recently_used_first(default_backend):
    f, calls = _counted(max_entries=2)
    f(1), f(2), f(1), f(3)  # 2 is the least recently used when 3 arrives
    assert calls == [1, 2, 3]
    f(1), f(3)
    assert calls == [1, 2, 3]
    f(2)
    assert calls == [1, 2, 3, 2]


def test_threads_asking_one_key_compute_it_once_and_other_keys_do_not_wait(default_backend):
    f, calls = _counted(pause=0.3)
    out = []
    threads = [threading.Thread(target=lambda: out.append(int(f(7)["x"].iloc[0]))) for _ in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert out == [7] * 8 and calls == [7]
    threads = [threading.Thread(target=f, args=(k,)) for k in (1, 2, 3, 4)]
    t0 = time.perf_counter()
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(calls[1:]) == [1, 2, 3, 4] and time.perf_counter() - t0 < 4 * 0.3  # side by side


def test_a_failure_is_not_kept_and_a_waiting_caller_computes_again(default_backend):
    attempts = []

    @cache.memo(max_entries=4)
    def flaky(x):
        attempts.append(x)
        time.sleep(0.1)
        if len(attempts) == 1:
            raise ValueError("hỏng")
        return x

    errors, answers = [], []

    def ask():
        try:
            answers.append(flaky(1))
        except ValueError as e:
            errors.append(e)
    threads = [threading.Thread(target=ask) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert len(errors) == 1 and answers == [1] and len(attempts) == 2
    assert flaky(1) == 1 and len(attempts) == 2


def test_data_answers_are_copies_resources_are_shared(default_backend):
    f, _ = _counted()
    a = f(1)
    a.loc[0, "x"] = 99
    assert int(f(1)["x"].iloc[0]) == 1
    g, _ = _counted(kind="resource")
    assert g(1) is g(1)


def test_a_backend_serves_the_data_caches_and_clear_forgets(default_backend):
    built = []

    class Backend:
        def __call__(self, fn, max_entries):
            built.append(max_entries)
            kept = {}

            def cached(*args):
                if args not in kept:
                    kept[args] = fn(*args)
                return kept[args]
            cached.clear = kept.clear
            return cached

    f, calls = _counted(max_entries=5)
    g, _ = _counted(max_entries=3, kind="resource")
    f(1), g(1)
    backend = Backend()
    cache.use(backend)
    cache.use(backend)  # the app calls it on every run: nothing is built again
    f(1), f(1), g(1)
    assert built == [5] and calls == [1, 1]  # a new backend starts empty; resources stay in process
    cache.clear("data")
    f(1)
    assert calls == [1, 1, 1]
    cache.use(None)
    f(1)
    assert calls == [1, 1, 1, 1]
    cache.clear()
    f(1)
    assert calls == [1, 1, 1, 1, 1]
    with pytest.raises(ValueError):
        cache.memo(max_entries=1, kind="other")


def test_the_data_layer_never_imports_streamlit():
    code = ("import sys; from antq.data import cache, contract, db, derived, facts, schema, snapshot_diff, "
            "snapshots; print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "[]" and not out.stderr, out.stderr[-500:]


def test_st_cache_data_answers_on_worker_threads_of_a_running_server():
    """The pages answer their questions on a thread pool: threads without a script-run context, in a
    process where Streamlit's runtime exists. There st.cache_data backs the answers, computes a key
    once, and logs nothing."""
    code = """
import io, logging, threading, time
import pandas as pd
from streamlit import runtime
from streamlit.runtime import Runtime, RuntimeConfig
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
log = io.StringIO()
logging.getLogger("streamlit").addHandler(logging.StreamHandler(log))
Runtime(RuntimeConfig(script_path="dashboard.py", media_file_storage=MemoryMediaFileStorage("/media"),
                      uploaded_file_manager=MemoryUploadedFileManager("/upload")))
from antq.data import cache
from antq.view import cache_streamlit
cache_streamlit.install()
calls, out = [], []
@cache.memo(max_entries=10)
def slow(x):
    calls.append(x)
    time.sleep(0.3)
    return pd.DataFrame({"x": [x]})
def work():
    assert get_script_run_ctx(suppress_warning=True) is None
    out.append(int(slow(7)["x"].iloc[0]))
threads = [threading.Thread(target=work) for _ in range(4)]
[t.start() for t in threads]; [t.join() for t in threads]
print(runtime.exists(), type(slow._impl).__name__, out, calls, repr(log.getvalue()))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["True", "CachedFunc", "[7,", "7,", "7,", "7]", "[7]", "''"], out.stderr[-800:]
