"""Evasion: an AppSync Event API whose connections and publishes are authorized by a static API key."""

import pulumi_aws as aws

events = aws.appsync.Api("leak-events", name="live-scores", event_config={
    "auth_providers": [{"auth_type": "API_KEY"}],
    "connection_auth_modes": [{"auth_type": "API_KEY"}],
    "default_publish_auth_modes": [{"auth_type": "API_KEY"}],
    "default_subscribe_auth_modes": [{"auth_type": "API_KEY"}],
})
aws.appsync.ApiKey("scoreboard", api_id=events.api_id)
