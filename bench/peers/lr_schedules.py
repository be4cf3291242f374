"""The learning rate of every step of torch.optim.lr_scheduler schedules, for tests/InitLab.Tests/Optim/Schedules.

Run: /usr/bin/python3 bench/peers/lr_schedules.py > tests/InitLab.Tests/Optim/Schedules/Fixtures/torch_lr_schedules.json
Each case records opt.param_groups[0]['lr'] before each of `steps` optimizer steps, scheduler.step() after each
(torch 1.13; cycle_momentum=False for CyclicLR and OneCycleLR: InitLab does not cycle momentum).
"""
import json
import torch
from torch.optim import lr_scheduler as S

STEPS = 60
LR = 0.1


def run(spec, make, steps=STEPS, lr=LR):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=lr, momentum=0.9)
    sched = make(opt)
    rates = []
    for _ in range(steps):
        rates.append(opt.param_groups[0]['lr'])
        opt.step()
        sched.step()
    return {"spec": spec, "lr": lr, "steps": steps, "rates": rates}


def warm(opt, steps, start, main):
    return S.SequentialLR(opt, [S.LinearLR(opt, start_factor=start, total_iters=steps), main(opt)], milestones=[steps])


cases = [
    run("constant", lambda o: S.ConstantLR(o, factor=1.0, total_iters=0)),
    run("step:step-size=7,gamma=0.5", lambda o: S.StepLR(o, step_size=7, gamma=0.5)),
    run("step:step-size=10", lambda o: S.StepLR(o, step_size=10)),
    run("multistep:milestones=5+20+41,gamma=0.3", lambda o: S.MultiStepLR(o, milestones=[5, 20, 41], gamma=0.3)),
    run("exponential:gamma=0.93", lambda o: S.ExponentialLR(o, gamma=0.93)),
    run("cosine", lambda o: S.CosineAnnealingLR(o, T_max=STEPS)),
    run("cosine:t-max=25,eta-min=0.004", lambda o: S.CosineAnnealingLR(o, T_max=25, eta_min=0.004)),
    run("cyclic:max-lr=0.5,step-size-up=6", lambda o: S.CyclicLR(o, base_lr=LR, max_lr=0.5, step_size_up=6, cycle_momentum=False)),
    run("cyclic:base-lr=0.01,max-lr=0.3,step-size-up=4,step-size-down=9,mode=triangular2",
        lambda o: S.CyclicLR(o, base_lr=0.01, max_lr=0.3, step_size_up=4, step_size_down=9, mode='triangular2', cycle_momentum=False)),
    run("cyclic:max-lr=0.4,step-size-up=5,mode=exp-range,gamma=0.97",
        lambda o: S.CyclicLR(o, base_lr=LR, max_lr=0.4, step_size_up=5, mode='exp_range', gamma=0.97, cycle_momentum=False)),
    run("sgdr:t0=8", lambda o: S.CosineAnnealingWarmRestarts(o, T_0=8)),
    run("sgdr:t0=5,t-mult=2,eta-min=0.002", lambda o: S.CosineAnnealingWarmRestarts(o, T_0=5, T_mult=2, eta_min=0.002)),
    run("onecycle", lambda o: S.OneCycleLR(o, max_lr=LR, total_steps=STEPS, cycle_momentum=False)),
    run("onecycle:max-lr=0.8,pct-start=0.25,div-factor=10,final-div-factor=100,anneal=linear",
        lambda o: S.OneCycleLR(o, max_lr=0.8, total_steps=STEPS, pct_start=0.25, div_factor=10, final_div_factor=100,
                               anneal_strategy='linear', cycle_momentum=False)),
    run("onecycle:three-phase=true,pct-start=0.2",
        lambda o: S.OneCycleLR(o, max_lr=LR, total_steps=STEPS, pct_start=0.2, three_phase=True, cycle_momentum=False)),
    run("constant:warmup=10,warmup-start=0.1", lambda o: S.LinearLR(o, start_factor=0.1, total_iters=10)),
    run("cosine:warmup=12", lambda o: warm(o, 12, 1.0 / 3, lambda o2: S.CosineAnnealingLR(o2, T_max=STEPS - 12))),
    run("step:step-size=9,gamma=0.5,warmup=6,warmup-start=0.2", lambda o: warm(o, 6, 0.2, lambda o2: S.StepLR(o2, step_size=9, gamma=0.5))),
]
print(json.dumps(cases, indent=1))
