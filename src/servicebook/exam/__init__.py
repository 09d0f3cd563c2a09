"""Making an exam: plan, blueprints, feasibility, assembly, exposure, rosters and the written outputs."""
