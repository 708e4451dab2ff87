from yiwang.worker import app


@app.task
def rollup():
    from .services import rollup as run

    return run()


@app.task
def refresh_hot():
    from .services import refresh_hot as run

    return run().pk
