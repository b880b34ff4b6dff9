"""bench/load.sh measures the server, not the throttle: it lifts every API rate a client meets (an
anonymous client is counted by the user rate too), or its figures would be 429s."""

from pathlib import Path

from django.conf import settings

LOAD_SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "load.sh"


def test_the_load_bench_lifts_every_api_throttle_rate():
    script = LOAD_SCRIPT.read_text()
    scopes = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert set(scopes) >= {"anon", "user"}
    lifted = {scope for scope in scopes if f"export API_{scope.upper()}_RATE=" in script}
    assert lifted == set(scopes)
