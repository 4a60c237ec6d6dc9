"""Every sentence of the fact template, in English and Chinese, as format strings."""

from __future__ import annotations

from aicoach.domain.athlete import Language

EN, ZH = Language.ENGLISH, Language.CHINESE

PHRASES: dict[str, dict[Language, str]] = {
    "need_more": {EN: "I need a little more to go on.", ZH: "我还需要一些信息。"},
    "ask_goal": {
        EN: "What is your goal (for example 10k, half marathon, strength or general fitness)?",
        ZH: "你的目标是什么（例如10公里、半马、力量或健身）？",
    },
    "ask_event_date": {
        EN: "On what date is your race (YYYY-MM-DD)?",
        ZH: "你的比赛是哪一天（例如2027年3月7日）？",
    },
    "ask_available_days": {
        EN: "Which days of the week can you train (for example mon, wed, sat)?",
        ZH: "你每周哪几天可以训练（例如周一、周三、周六）？",
    },
    "ask_pain_location": {
        EN: "Where does it hurt, and how bad is it from 0 to 10?",
        ZH: "哪里疼？疼痛程度从0到10打几分？",
    },
    "metric_none": {
        EN: "I have no {label} value yet: import activities or add wellness entries.",
        ZH: "还没有你的{label}数据：请先导入训练记录或添加健康数据。",
    },
    "metric": {EN: "Your {label} on {day}: {value}.", ZH: "你在{day}的{label}为{value}。"},
    "hrv_band": {EN: "Your normal band is {low} to {high}.", ZH: "你的正常范围是{low}到{high}。"},
    "rhr_base": {EN: "Your baseline is {base} bpm.", ZH: "你的基线是{base}次/分。"},
    "sleep_debt": {EN: "Sleep debt: {debt} h.", ZH: "睡眠负债：{debt}小时。"},
    "tsb_meaning": {
        EN: "Negative form means you are carrying fatigue; positive means you are fresh.",
        ZH: "状态为负表示你正处于疲劳中；为正表示你状态新鲜。",
    },
    "no_prediction": {
        EN: "No run of 3 km or more in the last 90 days, so no race prediction yet.",
        ZH: "最近90天没有3公里以上的跑步，暂时无法预测比赛成绩。",
    },
    "prediction": {
        EN: "From your best recent effort (VDOT {vdot}): {times}.",
        ZH: "根据你最近的最佳表现（VDOT {vdot}）：{times}。",
    },
    "today": {
        EN: "Today: {title}, {minutes} min, {intensity}.",
        ZH: "今天：{title}，{minutes}分钟，强度{intensity}。",
    },
    "safety_caution": {
        EN: "Take care today: keep it easy.",
        ZH: "今天要小心：保持轻松强度。",
    },
    "safety_rest": {EN: "Today is a rest day for your safety.", ZH: "为了安全，今天休息。"},
    "safety_stop": {
        EN: "Do not train today; see the safety message.",
        ZH: "今天不要训练，请查看安全提示。",
    },
    "today_rest": {EN: "Today: {title}.", ZH: "今天：{title}。"},
    "plan_refused": {
        EN: "The planner could not make that plan: {why}",
        ZH: "计划生成器无法制定这个计划：{why}",
    },
    "plan_week": {
        EN: "Week {week} of {weeks} ({phase}) of your {goal} plan: {minutes} min this week.",
        ZH: "你的{goal}计划第{week}周（共{weeks}周，{phase}阶段）：本周{minutes}分钟。",
    },
    "plan_session": {
        EN: "{day}: {title}, {minutes} min ({intensity}).",
        ZH: "{day}：{title}，{minutes}分钟（{intensity}）。",
    },
    "plan_checked": {
        EN: "I made this plan with the planner and its safety checker.",
        ZH: "这个计划由计划生成器制定，并通过了安全检查。",
    },
    "plan_problems": {
        EN: "The planner made this plan, but the checker found problems: {problems}",
        ZH: "计划已生成，但检查发现问题：{problems}",
    },
    "adapt_none": {
        EN: "Nothing in the coming days needs to change.",
        ZH: "接下来几天的计划不需要调整。",
    },
    "adapt": {EN: "I adapted your plan:", ZH: "我调整了你的计划："},
    "pain_rule": {
        EN: (
            "Pain in your {where}{scored}: train only while it stays at {progress}/10 or below "
            "and is no worse the next morning; restart running at {start}/10 or below."
        ),
        ZH: (
            "{where}疼痛{scored}：只有在疼痛不超过{progress}/10且第二天早上没有加重时才训练；"
            "疼痛降到{start}/10以下再恢复跑步。"
        ),
    },
    "pain_stop": {
        EN: "At {score}/10, do not run or load it today.",
        ZH: "疼痛{score}/10，今天不要跑步或让它受力。",
    },
    "can_help": {
        EN: (
            "I can help with today's session, your numbers (fitness, fatigue, form, HRV, "
            "resting heart rate, sleep), race predictions, your plan and pain reports."
        ),
        ZH: (
            "我可以帮你安排今天的训练，解读你的数据（体能、疲劳、状态、心率变异性、静息心率、"
            "睡眠），预测比赛成绩，调整计划，处理疼痛报告。"
        ),
    },
    "goal": {EN: "Your goal: {goal}{when}.", ZH: "你的目标：{goal}{when}。"},
    "goal_when": {EN: " ({day}, {days} days away)", ZH: "（{day}，还有{days}天）"},
}


def phrase(key: str, language: Language, **values: object) -> str:
    return PHRASES[key][language].format(**values)
