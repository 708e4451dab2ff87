from yiwang.worker import app


@app.task
def deliver(delivery_id):
    from .services import attempt

    delivery = attempt(delivery_id)
    return delivery.state if delivery else None


@app.task
def retry_due():
    from .services import retry_due as run

    return len(run())
