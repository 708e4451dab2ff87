"""The locust user of bench/intake_load.py: each request files a ~330-character complaint with a
caller's name, phone and address and its own Idempotency-Key. INTAKE_PATH, INTAKE_TOKEN and
INTAKE_RATE (requests a second per user; 0 = as fast as answers come) come from the environment."""
import itertools
import os
import uuid

from locust import FastHttpUser, constant, constant_throughput, task

BODY = ("我家楼下的烧烤店每天晚上营业到凌晨两点，油烟直接排进小区，噪音也很大，家里老人孩子都无法休息。"
        "之前跟店主沟通过几次，店主态度很差，说他们有营业执照不归我们管。希望有关部门尽快来现场查看，"
        "督促商户安装油烟净化设备并按规定时间停止营业，还居民一个安静干净的居住环境。") * 2
COUNTER = itertools.count()
RATE = float(os.environ.get("INTAKE_RATE", "0"))


class Intake(FastHttpUser):
    wait_time = constant_throughput(RATE) if RATE else constant(0)

    @task
    def file(self):
        n = next(COUNTER)
        headers = {"Idempotency-Key": uuid.uuid4().hex, "Content-Type": "application/json"}
        if os.environ.get("INTAKE_TOKEN"):
            headers["Authorization"] = f"Bearer {os.environ['INTAKE_TOKEN']}"
        self.client.post(os.environ["INTAKE_PATH"], name="intake", headers=headers, json={
            "channel": "app", "order_type": "complaint", "title": f"烧烤油烟噪音扰民 {n}", "body": BODY[:330],
            "caller_name": "王女士", "caller_phone": f"139{n % 100000000:08d}", "address": "翠湖路18号翠湖花园3栋"})
