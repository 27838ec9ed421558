import asyncio, cProfile, pstats, tempfile
from pathlib import Path
from bench.pictures import seed_province, DAY
from bot.core.i18n import Texts
from bot.domain.form import load_form
from bot.domain.summary import build_summary
from bot.ui.charts import progress_chart, trend_chart
from storage.db import Database
async def main():
    with tempfile.TemporaryDirectory() as d:
        async with Database(Path(d)/"b.sqlite3") as db:
            s = await seed_province(db)
            return await build_summary(db, load_form(), area_id=s.communes[0].id, team_id=None, day=DAY)
built = asyncio.run(main()); t = Texts("vi")
progress_chart(built, t, "vi"); trend_chart(built, t, "vi")
pr = cProfile.Profile(); pr.enable()
for _ in range(5): progress_chart(built, t, "vi"); trend_chart(built, t, "vi")
pr.disable()
pstats.Stats(pr).sort_stats("cumulative").print_stats(30)
