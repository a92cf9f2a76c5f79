"""`blogarchive sample-site`: serve the generated sample site on 127.0.0.1 until Ctrl-C."""

from __future__ import annotations

import time

import click


@click.command(name="sample-site")
@click.option("--port", type=int, default=8000, show_default=True, help="port (0: any free one)")
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--seed", default="0", show_default=True, help="the same seed gives the same site")
@click.option("--diaries", type=int, default=200, show_default=True, help="diaries at epoch 0")
@click.option("--posts", type=int, default=50, show_default=True, help="blog posts at epoch 0")
@click.option("--max-comments", type=int, default=2000, show_default=True,
              help="largest thread (sizes are skewed: most small, a few this big)")
@click.option("--max-depth", type=int, default=20, show_default=True,
              help="deepest reply level of a diary thread")
@click.option("--epoch", type=int, default=0, show_default=True,
              help="start at this epoch (each adds diaries, posts and comments)")
@click.option("--delay-ms", type=int, default=0, show_default=True,
              help="wait this long before each response")
@click.option("-v", "--verbose", is_flag=True, help="log every request")
def sample_site(port: int, host: str, seed: str, diaries: int, posts: int, max_comments: int,
                max_depth: int, epoch: int, delay_ms: int, verbose: bool) -> None:
    """Serve a generated site to crawl: Daily Kos-style diaries with deep threads under /, a
    WordPress-style blog with nested comments, feeds and sitemaps under /blog/.

    The site is rebuilt from the seed on every start, so a crawl can be checked against it
    exactly. Move it on in time (new diaries, posts and comments) with
    `curl -X POST URL/_sample/epoch?value=1`.
    """
    from crawler.samplesite import SampleHTTPServer, SampleSite

    site = SampleSite(seed=int(seed) if seed.isdigit() else seed, diaries=diaries, posts=posts,
                      max_comments=max_comments, max_depth=max_depth, epoch=epoch)
    started = time.perf_counter()
    comments = site.total_comments()
    server = SampleHTTPServer(site, host, port, delay_ms, verbose)
    url = server.url
    click.echo(f"Sample site at {url}/  (seed {site.seed}, epoch {site.epoch})")
    click.echo(f"  community  {url}/  {site.diary_count()} diaries, {comments} comments, "
               f"{len(site.user_names)} users (threads up to {max_comments} comments, "
               f"{max_depth} deep)")
    click.echo(f"  blog       {url}/blog/  {site.post_count()} posts; feeds /blog/feed/ and "
               "/blog/feed/atom/")
    click.echo(f"  discovery  {url}/robots.txt, {url}/sitemap.xml")
    click.echo(f"  next epoch curl -X POST '{url}/_sample/epoch?value={site.epoch + 1}'")
    click.echo(f"Ready in {time.perf_counter() - started:.2f}s; Ctrl-C to stop.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        cache = server.cache
        click.echo(f"Stopped: {cache.hits + cache.misses} pages served "
                   f"({cache.misses} rendered, {cache.hits} from cache).")
