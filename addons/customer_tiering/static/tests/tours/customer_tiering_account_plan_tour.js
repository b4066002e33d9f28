import {registry} from "@web/core/registry";
import {formatDate} from "@web/core/l10n/dates";

const {DateTime} = luxon;
const tours = registry.category("web_tour.tours");
const GOALS = ".o_field_widget[name=goal_ids]";

tours.add("customer_tiering_account_plan_activate_tour", {
    steps: () => [
        {
            content: "Open the draft plan of the key account",
            trigger:
                ".o_kanban_group:has(.o_column_title:contains(Draft)) .o_kanban_record:contains(Web Customer)",
            run: "click",
        },
        {
            content: "Add a goal",
            trigger: `${GOALS} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: "Name it",
            trigger: `${GOALS} .o_selected_row .o_field_widget[name=name] input`,
            run: "edit Grow sales",
        },
        {
            content: "Measured on the customer's sales",
            trigger: `${GOALS} .o_selected_row .o_field_widget[name=metric] select`,
            run: "selectByLabel Sales in Window",
        },
        {
            content: "Target",
            trigger: `${GOALS} .o_selected_row .o_field_widget[name=target] input`,
            run: "edit 50000",
        },
        {
            content: "Save the plan",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
        {
            content: "Activate the plan",
            trigger: ".o_form_view button[name=action_activate]",
            run: "click",
        },
        {
            content: "The plan is active",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Active)",
        },
        {
            content: "The goal reads the customer's sales",
            trigger: `${GOALS} .o_data_row:contains(Grow sales) .o_data_cell[name=current_value]:contains(35,000.00)`,
        },
    ],
});

tours.add("customer_tiering_account_plan_action_tour", {
    steps: () => [
        {
            content: "Schedule an action on the plan",
            trigger: ".o-mail-Chatter-topbar button.o-mail-Chatter-activity",
            run: "click",
        },
        {
            content: "What to do",
            trigger: ".modal .o_field_widget[name=summary] input",
            run: "edit Workshop on next year's volumes",
        },
        {
            content: "It was due three days ago",
            trigger: ".modal .o_field_widget[name=date_deadline] input",
            run: `edit ${formatDate(DateTime.now().minus({days: 3}))}`,
        },
        {
            content: "Close the date picker",
            trigger: ".modal .o_field_widget[name=summary] input",
            run: "click",
        },
        {
            content: "Schedule it",
            trigger: ".modal button[name=action_schedule_activities]",
            run: "click",
        },
        {
            content: "The action is on the plan",
            trigger:
                "body:not(:has(.modal)) .o-mail-Activity:contains(Workshop on next year's volumes)",
        },
        {
            content: "Open the customer tiers menu",
            trigger: ".o_menu_sections button:contains(Customer Tiers)",
            run: "click",
        },
        {
            content: "Open the overdue plan actions",
            trigger: ".dropdown-item:contains(Overdue Plan Actions)",
            run: "click",
        },
        {
            content: "The late action is listed",
            trigger:
                ".o_list_view .o_data_row:contains(Workshop on next year's volumes)",
        },
    ],
});

tours.add("customer_tiering_account_plan_review_tour", {
    steps: () => [
        {
            content: "Record a review",
            trigger: ".o_form_view button[name=action_open_review_wizard]",
            run: "click",
        },
        {
            content: "What was reviewed",
            trigger: ".modal .o_field_widget[name=notes] textarea",
            run: "edit Sales at 70% of the target; the workshop is late",
        },
        {
            content: "Record it",
            trigger: ".modal button[name=action_record]",
            run: "click",
        },
        {
            content: "Open the reviews",
            trigger: "body:not(:has(.modal)) .o_notebook .nav-link:contains(Reviews)",
            run: "click",
        },
        {
            content: "The review is listed",
            trigger:
                ".o_field_widget[name=review_ids] .o_data_row:contains(the workshop is late)",
        },
    ],
});
