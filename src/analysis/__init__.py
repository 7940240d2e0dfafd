"""A reproducible edition of *Best practice i cluster management* (Copenhagen Cleantech Cluster,
2010) and an open benchmark of cluster organisations.

The package follows the data flow, one subpackage per layer; a layer imports only the layers
before it (checked by import-linter in `make lint`):

    dataset       paths, errors, currency, schema, loading: the validated case files and tables
    compute       fees, frames, metrics, strategy, synthesis, export: numbers from the dataset
    presentation  labels, display, style, canvas, tables, figures: what a reader sees
    notebook      the facade the notebooks import (setup, Notebook, tables)
    report        options, plan, execute, kernels, index, manifest, placement, build, notebooks
    cli           `python -m analysis ...`
"""
