"""What it delivers: FLOP/s, H100-equivalents, training-run days, tokens, interruptions.

DESIGN.md section 3, "Compute". Peak dense FLOP/s per precision = GPUs × per-GPU dense peak (catalog);
delivered = peak × utilization (median training MFU 37.5 % over 33 runs, Epoch AI). Inference needs
``2 × active parameters`` FLOP per token (forward pass, Kaplan et al. 2020). GPU interruption rates come
from Meta's Llama 3 report (419 interruptions on 16,384 H100s in 54 days, 58.7 % GPU-related).
"""

from __future__ import annotations

SECONDS_PER_DAY = 86400.0
SECONDS_PER_WEEK = 7 * SECONDS_PER_DAY


def peak_flops(gpus, dense_pflops_per_gpu):
    """Peak dense FLOP/s of a fleet. [FLOP/s]"""
    return gpus * dense_pflops_per_gpu * 1e15


def h100_equivalents(peak_flops, h100_dense_flops):
    """Fleet peak in units of one H100 at the same precision (the unit Epoch AI reports). [H100e]"""
    return peak_flops / h100_dense_flops


def delivered_flops(peak_flops, utilization):
    """Sustained useful FLOP/s. [FLOP/s]"""
    return peak_flops * utilization


def training_run_days(run_flop, delivered_flops):
    """Days for a training run of ``run_flop`` on the whole fleet. [days]"""
    return run_flop / (delivered_flops * SECONDS_PER_DAY)


def tokens_per_s(delivered_flops, active_params):
    """Inference tokens per second for a model with ``active_params`` (2 FLOP per parameter per token). [tokens/s]"""
    return delivered_flops / (2.0 * active_params)


def tokens_per_user_week(tokens_per_s, weekly_users):
    """Tokens the fleet can serve each weekly user per week. [tokens/user/week]"""
    return tokens_per_s * SECONDS_PER_WEEK / weekly_users


def interruptions_per_day(gpus, interruptions_per_gpu_day):
    """Expected GPU-related job interruptions per day across the fleet. [1/day]"""
    return gpus * interruptions_per_gpu_day
