"""Each benchmark's core at a tiny size: it runs and produces figures (timings not checked)."""

from dataclasses import replace

from bench import broadcast, concurrency, dialogs, memory, startup, summary
from bench.generate import Scale

TINY = Scale(1, 4, 8, 40, 30, 0.3, user_data_share=0.2, inactive_teams=0)


async def test_dialogs_compares_the_bot_with_the_echo_bot(capsys):
    played = await dialogs.measure(members=3, dialogs=1)
    assert [p.updates for p in played] == [12, 12, 12, 12]
    assert all(p.per_second > 0 and p.rejected == 0 for p in played)
    figures = dialogs.report(played, members=3, dialogs=1)
    assert figures[0].ratio > 0
    assert "dialogs_updates_per_s:" in figures[0].line()
    assert "updates/s" in capsys.readouterr().out


async def test_summary_times_a_year_against_a_week(tmp_path, capsys):
    measured = await summary.measure(
        {"province, year": TINY, "province, week": replace(TINY, days=7), "national": TINY},
        tmp_path,
        communes=2,
        teams=2,
        passes=1,
        charts=1,
        round_trips=20,
    )
    assert all(t.commune_ms > 0 and t.plain_ms > 0 and t.team_ms > 0 for t in measured.timings)
    assert measured.timings[0].generated.reports > measured.timings[1].generated.reports > 0
    figures = summary.report(measured)
    assert figures[0].name == "summary_coordinator_year_vs_week" and figures[0].ratio > 0
    assert "year to date" in capsys.readouterr().out


async def test_summary_reuses_a_cached_database(tmp_path):
    first = await summary.cached_db(TINY, "tiny", tmp_path)
    again = await summary.cached_db(TINY, "tiny", tmp_path)
    assert first.seconds > 0 and again.seconds == 0
    assert (again.path, again.reports) == (first.path, first.reports)


async def test_broadcast_reaches_everyone_once():
    delivered = await broadcast.measure(recipients=20, rate=100)
    assert (delivered.recipients, delivered.lost, delivered.duplicated) == (20, 0, 0)
    assert delivered.statuses == {"sent": 20}
    assert broadcast.report(delivered)[0].ratio > 0


async def test_memory_reads_the_peak_of_each_process(tmp_path):
    peaks, recipients = await memory.measure(TINY, seconds=0.5, cache=tmp_path)
    assert recipients == 40
    assert all(p.peak_mb > 0 for p in peaks)
    assert memory.report(peaks, recipients, 0.5)[0].ratio > 0


async def test_startup_times_each_kind_of_process(tmp_path):
    started = await startup.measure(TINY, starts=1, cache=tmp_path)
    assert [len(s.seconds) for s in started] == [1, 1, 1]
    assert all(s.median > 0 for s in started)
    assert startup.report(started)[0].ratio > 0


async def test_concurrency_compares_the_bot_with_the_serial_processor(capsys):
    played = await concurrency.measure(
        members=3,
        dialogs=1,
        read_timeout=0.4,
        retry_delays=(0.05, 0.05, 0.05),
        hang=0.6,
        processors=(concurrency.SERIAL, concurrency.PER_USER),
        scenarios=(concurrency.SCENARIOS[1],),  # one hanging user
        think=(0.0, 0.0),
    )
    assert [len(p.latencies) for p in played] == [12, 12]
    figures = concurrency.report(played, members=3, dialogs=1)
    assert [f.name for f in figures] == [
        "concurrency_one_hanging_user_p50",
        "concurrency_one_hanging_user_p95",
    ]
    assert figures[0].ratio > 0
    assert "one hanging user" in capsys.readouterr().out
