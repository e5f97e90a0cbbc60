"""pulumi-residency: region-pinned AWS deployments with Pulumi."""
__version__ = "0.1.0"
