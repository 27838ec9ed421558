import asyncio, time, tempfile
from pathlib import Path
from bench.pictures import seed_province, DAY
from bench.chart_before import bar_chart
from bot.core.i18n import Texts
from bot.domain.form import load_form
from bot.domain.summary import build_summary
from bot.ui.charts import progress_chart, trend_chart
from storage.db import Database
async def main():
    with tempfile.TemporaryDirectory() as d:
        async with Database(Path(d)/"b.sqlite3") as db:
            s = await seed_province(db)
            built = await build_summary(db, load_form(), area_id=s.communes[0].id, team_id=None, day=DAY)
    t = Texts("vi"); bars=[(r.name, r.done) for r in built.rankings[0].rows]
    def per(f, n=10):
        f(); b=time.perf_counter()
        for _ in range(n): f()
        return (time.perf_counter()-b)/n*1000
    before = per(lambda: bar_chart(bars, title="Số báo cáo", footnote="x", other_label="Khác", empty_label=""))
    p = per(lambda: progress_chart(built, t, "vi")); tr = per(lambda: trend_chart(built, t, "vi"))
    print(f"before {before:.0f} ms/chart; progress {p:.0f} ms; trend {tr:.0f} ms; before/after per picture {before/((p+tr)/2):.2f}")
asyncio.run(main())
