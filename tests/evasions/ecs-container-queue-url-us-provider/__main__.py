"""Evasion: the whole container definition document is unknown at preview: it embeds a us-east-1 queue's URL."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")
queue = aws.sqs.Queue("jobs", name="jobs", tags={"data-class": "billing"},
                      opts=pulumi.ResourceOptions(provider=us_east_1))

aws.ecs.TaskDefinition(
    "leak-job-producer",
    family="job-producer",
    requires_compatibilities=["FARGATE"],
    network_mode="awsvpc",
    cpu="256",
    memory="512",
    execution_role_arn="arn:aws:iam::123456789012:role/ecs-execution",
    task_role_arn="arn:aws:iam::123456789012:role/job-producer",
    container_definitions=pulumi.Output.json_dumps([{
        "name": "producer",
        "image": "123456789012.dkr.ecr.eu-west-3.amazonaws.com/job-producer:1.0.0",
        "essential": True,
        "environment": [{"name": "JOBS_QUEUE_URL", "value": queue.url}],
    }]),
)
