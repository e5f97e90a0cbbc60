"""Evasion: delivery, bounce and click events (recipient addresses, links) are published to a topic in us-east-1."""

import pulumi
import pulumi_aws as aws

config_set = aws.sesv2.ConfigurationSet("transactional", configuration_set_name="transactional")

aws.sesv2.ConfigurationSetEventDestination(
    "leak-mail-events-us",
    configuration_set_name=config_set.configuration_set_name,
    event_destination_name="mail-events",
    event_destination={
        "enabled": True,
        "matching_event_types": ["DELIVERY", "BOUNCE", "COMPLAINT", "CLICK"],
        "sns_destination": {"topic_arn": "arn:aws:sns:us-east-1:123456789012:mail-events"},
    },
)
