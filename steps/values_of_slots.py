"""Not a domain concept: the values each typed slot accepts, added to the docstrings of the steps above.

behave loads the step modules in name order and this one comes last, once every step is registered;
``behave --steps-catalog`` then shows under each step what its slots accept, read from the code that
parses them (aether_suite/run/vocabulary.py). tests/features/test_catalogue.py runs the catalogue and
fails if the values go missing (a module loaded after this one, or behave keeping its steps elsewhere).
"""
from behave.runner import the_step_registry  # the registry behave's runner loads the steps into

from aether_suite.run.vocabulary import document

document(the_step_registry)
