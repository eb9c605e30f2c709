/** @odoo-module **/

import {registry} from "@web/core/registry";

// The office accepts a quote: its job site opens; the job sites show on the Gantt timeline.
registry.category("web_tour.tours").add("btp_light_quote_to_site", {
    url: "/odoo/action-btp_light.action_btp_quote",
    steps: () => [
        {
            content: "Open the quote from the list",
            trigger: ".o_data_row td:contains('Résidence Les Terrasses')",
            run: "click",
        },
        {
            content: "It is a construction quote",
            trigger: ".o_form_view div[name='btp_quote_status']:contains('Draft')",
        },
        {
            content: "The customer accepts: confirm",
            trigger: ".o_statusbar_buttons button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The job site is opened",
            trigger: ".o_form_view div[name='btp_site_id']:contains('Résidence Les Terrasses')",
        },
        {
            content: "Go to the job sites",
            trigger: ".o_menu_sections [data-menu-xmlid='btp_light.menu_btp_site']",
            run: "click",
        },
        {
            content: "The Gantt timeline shows the planned site",
            trigger: ".vis-timeline .vis-item:contains('Gymnase des Buclos')",
        },
        {
            content: "Switch to the calendar",
            trigger: ".o_switch_view.o_calendar",
            run: "click",
        },
        {
            content: "The calendar is shown",
            trigger: ".o_calendar_view",
        },
    ],
});
