"""Today's recommendation: context, candidates, a safety mask, a learner that uses feedback.

See ``engine.decide`` for the order of the steps and docs/recommendation.md for the whole.
"""
