/** Every CQRS dead-letter destination has an alarm, and `alarmNotify` reaches each of them, per cloud (Pulumi mocks). */
import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { EventSourcing } from "../../components/event-sourcing";
import type { RecordedResource } from "../../plan/mock-cloud";
import { deployCqrs } from "./component-fixture";

const NOTIFY: Record<Cloud, string> = {
    aws: "arn:aws:sns:us-east-1:123456789012:on-call",
    azure: "/subscriptions/s/resourceGroups/ops/providers/Microsoft.Insights/actionGroups/on-call",
    gcp: "projects/mock-project/notificationChannels/42",
};

/** Each alarm of the run by name, with where it notifies. */
function alarms(resources: readonly RecordedResource[]): Record<string, unknown> {
    return Object.fromEntries(
        resources.flatMap((r) => {
            if (r.type === "aws:cloudwatch/metricAlarm:MetricAlarm") return [[r.name, [r.inputs.alarmActions, r.inputs.okActions]]];
            if (r.type === "azure-native:monitor:MetricAlert") return [[r.name, r.inputs.actions]];
            if (r.type === "gcp:monitoring/alertPolicy:AlertPolicy") return [[r.name, r.inputs.notificationChannels]];
            return [];
        }),
    );
}

describe("Cqrs dead-letter alarms (mocks)", function () {
    this.timeout(180_000);

    it("aws: the projection dead-letter queue's alarm notifies alarmNotify, on alarm and on OK", async () => {
        const { resources } = await deployCqrs(Cloud.Aws, { alarmNotify: NOTIFY.aws });
        assert.deepEqual(alarms(resources), { "cat-projection-dlq-alarm": [[NOTIFY.aws], [NOTIFY.aws]] });
    });

    it("azure: the change feed's dead-letter container alarm notifies alarmNotify's action group", async () => {
        const { resources } = await deployCqrs(Cloud.Azure, { alarmNotify: NOTIFY.azure });
        assert.deepEqual(alarms(resources), { "cat-projection-dead-letters-alarm": [{ actionGroupId: NOTIFY.azure }] });
    });

    it("azure with source: the queue's dead letters and Event Grid's undelivered events both notify alarmNotify", async () => {
        const { resources } = await deployCqrs(Cloud.Azure, { alarmNotify: NOTIFY.azure }, () => ({ source: new EventSourcing("ledger") }));
        const mine = Object.fromEntries(Object.entries(alarms(resources)).filter(([name]) => name.startsWith("cat-")));
        assert.deepEqual(mine, {
            "cat-events-dead-letters-alarm": [{ actionGroupId: NOTIFY.azure }],
            "cat-poison-alarm": [{ actionGroupId: NOTIFY.azure }],
        });
    });

    it("gcp: the dead-letter subscription's alert policy notifies alarmNotify's channel", async () => {
        const { resources } = await deployCqrs(Cloud.Gcp, { alarmNotify: NOTIFY.gcp });
        assert.deepEqual(alarms(resources), { "cat-projection-dlq-alert": [NOTIFY.gcp] });
    });

    it("without alarmNotify every alarm still exists, notifying nothing", async () => {
        for (const cloud of [Cloud.Aws, Cloud.Azure, Cloud.Gcp]) {
            const found = Object.values(alarms((await deployCqrs(cloud)).resources));
            assert.equal(found.length, 1, cloud);
            assert.ok(
                found.every((notify) => JSON.stringify(notify) === (cloud === Cloud.Aws ? "[[],[]]" : "[]")),
                `${cloud}: ${JSON.stringify(found)}`,
            );
        }
    });
});
