"""The synthetic borough generator: a whole authority's history, built from national rates.

Modules, in the order the generator uses them:

* :mod:`.sizes` and :mod:`.rates`: how big the borough is, and the national rates it follows.
* :mod:`.calendar`: the statutory working-day calendar, precomputed for speed.
* :mod:`.people`, :mod:`.workforce`: the population, the teams and the workers.
* :mod:`.episodes`: each referral's history, from referral to closure.
* :mod:`.caseload`: the demo social worker's caseload, built to show every kind of due work.
* :mod:`.allocation`: who held each child's case, through turnover and transfers.
* :mod:`.rows`, :mod:`.copy`: turning all that into rows and writing them with COPY.
"""
